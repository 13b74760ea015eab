package dev.mailward.cli;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;

/** A report a mail administrator reads in a terminal. Data from outside is stripped of control characters. */
final class TextReport {

    private TextReport() {
    }

    static void print(DomainReport report, PrintStream out) {
        out.print(render(report));
    }

    static String render(DomainReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("Mailward check of ").append(clean(report.domain())).append(" at ").append(report.checkedAt())
                .append('\n').append("=".repeat(60)).append('\n');
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (CheckResult r : report.results()) {
            counts.merge(r.status(), 1, Integer::sum);
            sb.append(String.format("%-6s %-10s %s%n", label(r.status()), r.check(), clean(r.target())));
            for (Finding f : r.findings()) {
                sb.append(String.format("       %s %-28s %s  [%s]%n", symbol(f.status()), f.code(), clean(f.message()),
                        f.mitigation()));
            }
        }
        sb.append("-".repeat(60)).append('\n').append("Summary: ");
        java.util.StringJoiner summary = new java.util.StringJoiner("  ");
        for (Status s : new Status[] {Status.FAIL, Status.ERROR, Status.WARN, Status.PASS, Status.NOT_APPLICABLE}) {
            summary.add(counts.getOrDefault(s, 0) + " " + s.name());
        }
        sb.append(summary).append('\n').append("Overall: ").append(report.worst()).append('\n');
        return sb.toString();
    }

    private static String label(Status s) {
        return s == Status.NOT_APPLICABLE ? "N/A" : s.name();
    }

    private static String symbol(Status s) {
        return switch (s) {
            case PASS -> "✓";
            case WARN -> "!";
            case FAIL -> "✗";
            case ERROR -> "?";
            case NOT_APPLICABLE -> "-";
        };
    }

    /** Removes terminal control sequences that hostile DNS data could carry. */
    static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) {
                sb.appendCodePoint(c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        });
        return sb.toString();
    }
}
