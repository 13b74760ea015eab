package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BulkImportIntegrationTests extends InventoryTestSupport {

    private long teamId;
    private String teamName;

    @BeforeEach
    void team() {
        teamName = unique("import");
        teamId = team(teamName);
    }

    private ImportReport run(String content) {
        return inventory.importDomains(content.getBytes(StandardCharsets.UTF_8), Optional.of(teamId));
    }

    @Test
    void importsValidLinesAndListsEveryInvalidOneWithItsReason() {
        String p = unique("mix");
        String existing = p + "-old.test";
        inventory.addDomain(new AddDomain(existing, teamId, List.of(), List.of(), 1440, ""));
        String csv = "\uFEFFdomain,team,tags,selectors\r\n"
                + p + "-a.test," + teamName + ",prod;eu,s1 s2\r\n"
                + "bad..name.test,,,\r\n"
                + p + "-b.test,,,\r\n"
                + p.toUpperCase() + "-A.TEST.,,,\r\n"
                + existing + ",,,\r\n"
                + "\r\n"
                + "# a comment\r\n"
                + "bücher-" + p + ".test,,bad tag!,\r\n"
                + "localhost,,,\r\n";

        ImportReport report = run(csv);

        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.errors())
                .extracting(ImportReport.LineError::line, ImportReport.LineError::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                3, "'bad..name.test' has an empty label (two dots in a row or a leading dot)"),
                        org.assertj.core.groups.Tuple.tuple(5, p + "-a.test is a duplicate of line 2"),
                        org.assertj.core.groups.Tuple.tuple(
                                6, existing + " is already in the inventory, in team " + teamName),
                        org.assertj.core.groups.Tuple.tuple(
                                9,
                                "tag 'bad' must be 1 to 40 of a-z, 0-9, '.', '_', '-' starting with a letter or digit"
                                        .replace("'bad'", "'tag!'")),
                        org.assertj.core.groups.Tuple.tuple(
                                10, "'localhost' is a single-label name; give a full domain such as example.org"));
        DomainDetails a = inventory.domain(report.importedIds().getFirst());
        assertThat(a.name()).isEqualTo(p + "-a.test");
        assertThat(a.tags()).containsExactly("eu", "prod");
        assertThat(a.dkimSelectors()).containsExactly("s1", "s2");
        assertThat(a.teamName()).isEqualTo(teamName);
    }

    @Test
    void plainListWithOneNamePerLineRunsDiscoveryInTheBackground() {
        String d = unique("bg") + ".test";
        DNS.addZone("$ORIGIN " + d + ".\n@ 300 IN SOA ns1 h 1 3600 600 86400 60\n@ 300 IN NS ns1\n"
                + "ns1 300 IN A 192.0.2.1\n@ 300 IN MX 0 .\n");
        ImportReport report = run(d + "\n" + unique("other") + ".test\n");
        assertThat(report.imported()).isEqualTo(2);
        long id = report.importedIds().getFirst();
        await().pollInSameThread()
                .atMost(Duration.ofSeconds(15))
                .until(() -> inventory.domain(id).discoveryStatus().isDone());
        assertThat(inventory.domain(id).discoveryStatus()).isEqualTo(DiscoveryStatus.NULL_MX);
    }

    @Test
    void importsTenThousandLines() {
        String p = unique("big");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("d").append(i).append('.').append(p).append(".test\n");
        }
        long start = System.nanoTime();
        ImportReport report = run(sb.toString());
        System.out.printf("Imported 10,000 lines in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(report.imported()).isEqualTo(10_000);
        assertThat(report.errors()).isEmpty();
        assertThat(inventory
                        .domains(new DomainQuery(Optional.of(p), Optional.empty(), Optional.empty(), 0))
                        .total())
                .isEqualTo(10_000);
    }

    @Test
    void refusesMoreThanTenThousandLinesAsAWhole() {
        String body = "x.test\n".repeat(10_001);
        assertThatThrownBy(() -> run(body))
                .isInstanceOf(InventoryValidationException.class)
                .hasMessage("the file has 10001 lines; at most 10000 are accepted");
    }

    @Test
    void refusesOversizeAndNonTextFiles() {
        byte[] big = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> inventory.importDomains(big, Optional.of(teamId)))
                .isInstanceOf(InventoryValidationException.class)
                .hasMessageContaining("at most 2097152");
        assertThatThrownBy(
                        () -> inventory.importDomains(new byte[] {(byte) 0xff, (byte) 0xfe, 'a'}, Optional.of(teamId)))
                .isInstanceOf(InventoryValidationException.class)
                .hasMessage("the file is not UTF-8 text");
        assertThatThrownBy(() -> run("domain,owner\nexample.test,x\n"))
                .isInstanceOf(InventoryValidationException.class)
                .hasMessageContaining("unknown column 'owner'");
        assertThatThrownBy(() -> run("  \n"))
                .isInstanceOf(InventoryValidationException.class)
                .hasMessage("the file is empty");
    }
}
