package dev.mailward.reports;

import dev.mailward.checks.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The CSV export: one row per domain × check × target (domains never checked by the report's point in
 * time have no row). RFC 4180: comma separated, CRLF line ends, a cell quoted when it holds a comma,
 * a quote, CR or LF, quotes doubled. Cells that a spreadsheet would take for a formula (starting with
 * {@code = + - @}, tab or CR) get a leading apostrophe (OWASP "CSV injection").
 */
final class CsvReportWriter {

    static final List<String> HEADER = List.of("domain", "team", "check", "target", "status", "finding_codes",
            "mitigations", "accepted_codes", "messages", "checked_at");

    private CsvReportWriter() {
    }

    static void write(Iterator<DomainSnapshot> domains, Writer out, Consumer<DomainSnapshot> seen) {
        try {
            row(out, HEADER);
            while (domains.hasNext()) {
                DomainSnapshot d = domains.next();
                seen.accept(d);
                for (ReportRow r : d.results()) {
                    String accepted = r.findings().stream().map(Finding::code).distinct()
                            .filter(c -> d.accepted(r, c)).collect(Collectors.joining(";"));
                    row(out, List.of(d.displayName(), d.teamName(), r.check(), r.target(), r.status().name(),
                            String.join(";", r.codes()), String.join(";", r.mitigations()), accepted,
                            r.findings().stream().map(Finding::message).collect(Collectors.joining(" | ")),
                            r.checkedAt().toString()));
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One cell, guarded against formula injection and quoted when needed. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
