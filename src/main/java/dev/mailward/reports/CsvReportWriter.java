package dev.mailward.reports;

import dev.mailward.checks.Finding;
import dev.mailward.shared.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The CSV export: one row per domain × check × target (domains never checked by the report's point in
 * time have no row), in the product's one CSV dialect ({@link Csv}: RFC 4180, formula cells defused).
 */
final class CsvReportWriter {

    static final List<String> HEADER = List.of(
            "domain",
            "team",
            "check",
            "target",
            "status",
            "finding_codes",
            "mitigations",
            "accepted_codes",
            "messages",
            "checked_at");

    private CsvReportWriter() {}

    static void write(Iterator<DomainSnapshot> domains, Writer out, Consumer<DomainSnapshot> seen) {
        try {
            Csv.writeRow(out, HEADER);
            while (domains.hasNext()) {
                DomainSnapshot d = domains.next();
                seen.accept(d);
                for (ReportRow r : d.results()) {
                    String accepted = r.findings().stream()
                            .map(Finding::code)
                            .distinct()
                            .filter(c -> d.accepted(r, c))
                            .collect(Collectors.joining(";"));
                    Csv.writeRow(
                            out,
                            List.of(
                                    d.displayName(),
                                    d.teamName(),
                                    r.check(),
                                    r.target(),
                                    r.status().name(),
                                    String.join(";", r.codes()),
                                    String.join(";", r.mitigations()),
                                    accepted,
                                    r.findings().stream().map(Finding::message).collect(Collectors.joining(" | ")),
                                    r.checkedAt().toString()));
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
