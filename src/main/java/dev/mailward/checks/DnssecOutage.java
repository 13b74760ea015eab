package dev.mailward.checks;

import dev.mailward.checks.dnssec.DnssecCode;
import java.util.List;
import java.util.Optional;

/**
 * The headline of a domain whose mail is not delivered because a DNSSEC chain is broken: its own
 * zone's (validating resolvers return SERVFAIL for the domain and every name under it) or, when
 * its own zone is fine, the zone of every MX host (the hosts' addresses do not resolve through a
 * validating resolver). Read from a domain's results (pure): the dnssec result with a
 * {@link DnssecCode#DNSSEC_BOGUS} {@code FAIL} finding, whose message says the cause and the fix in
 * plain words, and the checks the failure blocked ({@link DnssecCode#DNSSEC_BLOCKED}). The pages,
 * the report and the CLI say it once, at the top.
 *
 * @param domain the domain (A-label)
 * @param mxHost the MX host whose zone is broken, when the domain's own zone is fine
 * @param message the cause, what follows and the fix (the finding's message)
 * @param blockedChecks the check ids that could not run because of it, in result order, each once
 */
public record DnssecOutage(String domain, Optional<String> mxHost, String message, List<String> blockedChecks) {

    /** The finding code of a check the DNSSEC failure blocked (status {@code ERROR}). */
    public static final String BLOCKED_CODE = DnssecCode.DNSSEC_BLOCKED.name();

    public DnssecOutage {
        blockedChecks = List.copyOf(blockedChecks);
    }

    /** One result as the surfaces hold it: check id, target and findings. */
    public record Row(String check, String target, List<Finding> findings) {}

    /** The headline's first line, e.g. "Mail to example.org is not delivered: its DNSSEC chain is broken". */
    public String title() {
        return mxHost.map(h -> "Mail to " + domain + " via " + h + " is not delivered: the DNSSEC chain of " + h
                        + " is broken")
                .orElse("Mail to " + domain + " is not delivered: its DNSSEC chain is broken");
    }

    /** The outage of a report's domain, if any ({@link #of(String, List)}). */
    public static Optional<DnssecOutage> of(DomainReport report) {
        if (!anyBogus(report.results())) {
            // most domains: no outage, found without a row per result (written for every domain of a bulk run)
            return Optional.empty();
        }
        return of(
                report.domain(),
                report.results().stream()
                        .map(r -> new Row(r.check(), r.target(), r.findings()))
                        .toList());
    }

    /**
     * The outage of {@code domain} read from its results: its own zone fails DNSSEC validation, or
     * the zone of every MX host does (the dnssec check then fails each MX host's result; when only
     * some fail it warns, and mail still goes through the others).
     */
    public static Optional<DnssecOutage> of(String domain, List<Row> results) {
        Optional<Finding> own = bogus(results, r -> r.target().equals(domain));
        Optional<String> mxHost = Optional.empty();
        Optional<Finding> cause = own;
        if (own.isEmpty()) {
            Optional<Row> host = results.stream()
                    .filter(r -> r.check().equals(DNSSEC) && !r.target().equals(domain))
                    .filter(r -> r.findings().stream().anyMatch(DnssecOutage::failsBogus))
                    .findFirst();
            if (host.isEmpty()) {
                return Optional.empty();
            }
            mxHost = Optional.of(host.get().target());
            cause = host.get().findings().stream()
                    .filter(DnssecOutage::failsBogus)
                    .findFirst();
        }
        List<String> blocked = results.stream()
                .filter(DnssecOutage::blocked)
                .map(Row::check)
                .distinct()
                .toList();
        return Optional.of(new DnssecOutage(domain, mxHost, cause.orElseThrow().message(), blocked));
    }

    private static final String DNSSEC = "dnssec";

    private static Optional<Finding> bogus(List<Row> results, java.util.function.Predicate<Row> target) {
        return results.stream()
                .filter(r -> r.check().equals(DNSSEC) && target.test(r))
                .flatMap(r -> r.findings().stream())
                .filter(DnssecOutage::isBogus)
                .findFirst();
    }

    /** Whether a dnssec result has a bogus finding: what {@link #of(String, List)} needs to find an outage. */
    private static boolean anyBogus(List<CheckResult> results) {
        for (CheckResult r : results) {
            if (r.check().equals(DNSSEC)) {
                for (Finding f : r.findings()) {
                    if (isBogus(f)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean failsBogus(Finding f) {
        return isBogus(f) && f.status() == Status.FAIL;
    }

    private static boolean isBogus(Finding f) {
        return f.code().equals(DnssecCode.DNSSEC_BOGUS.name());
    }

    /** Whether a result's findings say the DNSSEC failure kept its check from running. */
    public static boolean blocked(List<Finding> findings) {
        return !findings.isEmpty() && findings.stream().allMatch(Finding::blockedByDnssec);
    }

    private static boolean blocked(Row r) {
        return blocked(r.findings());
    }
}
