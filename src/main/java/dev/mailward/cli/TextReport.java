package dev.mailward.cli;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DnssecOutage;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.mitigations.FixGenerator;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A report a mail administrator reads in a terminal: every result with its findings, then the
 * records Mailward generates for the checks that failed or warned (the console guides' fixes), then
 * the summary. Data from outside is stripped of control characters.
 */
final class TextReport {

    private TextReport() {}

    static void print(DomainReport report, PrintStream out) {
        out.print(render(report));
    }

    static String render(DomainReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("Mailward check of ")
                .append(clean(report.domain()))
                .append(" at ")
                .append(report.checkedAt())
                .append('\n')
                .append("=".repeat(60))
                .append('\n');
        DnssecOutage.of(report).ifPresent(o -> appendOutage(o, sb));
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (CheckResult r : report.results()) {
            counts.merge(r.status(), 1, Integer::sum);
            sb.append(String.format("%-6s %-10s %s", label(r.status()), r.check(), clean(r.target())));
            if (DnssecOutage.blocked(r.findings())) {
                sb.append("  (blocked by the DNSSEC failure)");
            }
            sb.append('\n');
            for (Finding f : r.findings()) {
                sb.append(String.format(
                        "       %s %-28s %s  [%s]%n",
                        symbol(f.status()), f.code(), clean(f.message()), f.mitigation()));
            }
        }
        appendFixes(report, sb);
        sb.append("-".repeat(60)).append('\n').append("Summary: ");
        StringJoiner summary = new StringJoiner("  ");
        for (Status s : new Status[] {Status.FAIL, Status.ERROR, Status.WARN, Status.PASS, Status.NOT_APPLICABLE}) {
            summary.add(counts.getOrDefault(s, 0) + " " + s.name());
        }
        sb.append(summary)
                .append('\n')
                .append("Overall: ")
                .append(report.worst())
                .append('\n');
        return sb.toString();
    }

    /**
     * The DNSSEC outage, once at the top as the console says it: what is broken and that mail is not
     * delivered, the cause and the fix, and the checks it kept from running.
     */
    private static void appendOutage(DnssecOutage o, StringBuilder sb) {
        sb.append("!! ").append(clean(o.title())).append('\n');
        sb.append("   ").append(clean(o.message())).append('\n');
        if (!o.blockedChecks().isEmpty()) {
            sb.append("   Blocked by the DNSSEC failure, these checks could not run: ")
                    .append(String.join(", ", o.blockedChecks()))
                    .append('\n');
        }
        sb.append("=".repeat(60)).append('\n');
    }

    /** The generated fixes of the checks with a FAIL or WARN result; nothing when there are none. */
    private static void appendFixes(DomainReport report, StringBuilder sb) {
        Set<String> needFix = new HashSet<>();
        for (CheckResult r : report.results()) {
            if (r.status() == Status.FAIL || r.status() == Status.WARN) {
                needFix.add(r.check());
            }
        }
        if (needFix.isEmpty()) {
            return;
        }
        List<FixGenerator.Generated> fixes =
                FixGenerator.generate(report.domain(), report.results(), report.checkedAt()).stream()
                        .filter(g -> needFix.contains(g.check()))
                        .toList();
        if (fixes.isEmpty()) {
            return;
        }
        sb.append("-".repeat(60))
                .append('\n')
                .append("Generated from what was observed; check before publishing:")
                .append('\n');
        for (FixGenerator.Generated g : fixes) {
            sb.append('\n')
                    .append(String.format(
                            "%-10s %s  [%s]%n",
                            g.check(), clean(g.fix().title()), g.mitigation().id()));
            g.fix()
                    .content()
                    .lines()
                    .forEach(
                            line -> sb.append("           ").append(clean(line)).append('\n'));
            if (!g.fix().explanation().isBlank()) {
                sb.append("           Why: ")
                        .append(clean(g.fix().explanation()))
                        .append('\n');
            }
        }
        sb.append('\n')
                .append("Roll-out steps: the guide of each mitigation (in the console: /mitigations/<id>/guide).")
                .append('\n');
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
