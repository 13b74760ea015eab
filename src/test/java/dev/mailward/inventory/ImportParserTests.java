package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The import reads what the export writes: a team whose name a spreadsheet would take for a formula comes
 * out of the CSV writer ({@code shared.Csv}) with a guarding apostrophe, which the import takes off again.
 */
class ImportParserTests {

    @Test
    void aTeamNameGuardedByTheCsvWriterReadsBackAsTheName() {
        String csv = "domain,team,tags,selectors\r\n"
                + "a.example," + dev.mailward.shared.Csv.cell("-ops") + ",eu prod,s1\r\n"
                + "b.example," + dev.mailward.shared.Csv.cell("=sum") + ",,\r\n"
                + "c.example,'plain,,\r\n";
        ImportParser.Parsed parsed = ImportParser.parse(csv, 100);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.lines())
                .extracting(ImportParser.Line::team)
                .containsExactly(Optional.of("-ops"), Optional.of("=sum"), Optional.of("'plain"));
        assertThat(parsed.lines().getFirst().tags()).isEqualTo("eu prod");
    }
}
