package dev.mailward.checks;

import dev.mailward.checks.dnssec.DnssecCode;
import java.util.List;
import java.util.Optional;

/**
 * The headline of a domain whose own DNSSEC chain is broken: validating resolvers return SERVFAIL
 * for it, so mail to it is not delivered. Read from a domain's results (pure): the dnssec result of
 * the domain itself with a {@link DnssecCode#DNSSEC_BOGUS} finding, whose message says the cause
 * and the fix in plain words, and the checks the failure blocked ({@link DnssecCode#DNSSEC_BLOCKED}).
 * The pages and the report say it once, at the top.
 *
 * @param domain the domain (A-label)
 * @param message the cause, what follows and the fix (the finding's message)
 * @param blockedChecks the check ids that could not run because of it, in result order, each once
 */
public record DnssecOutage(String domain, String message, List<String> blockedChecks) {

    /** The finding code of a check the DNSSEC failure blocked (status {@code ERROR}). */
    public static final String BLOCKED_CODE = DnssecCode.DNSSEC_BLOCKED.name();

    public DnssecOutage {
        blockedChecks = List.copyOf(blockedChecks);
    }

    /** One result as the surfaces hold it: check id, target and findings. */
    public record Row(String check, String target, List<Finding> findings) {}

    /** The outage of {@code domain} read from its results, if its own zone fails DNSSEC validation. */
    public static Optional<DnssecOutage> of(String domain, List<Row> results) {
        Optional<Finding> bogus = results.stream()
                .filter(r -> r.check().equals("dnssec") && r.target().equals(domain))
                .flatMap(r -> r.findings().stream())
                .filter(f -> f.code().equals(DnssecCode.DNSSEC_BOGUS.name()))
                .findFirst();
        if (bogus.isEmpty()) {
            return Optional.empty();
        }
        List<String> blocked = results.stream()
                .filter(DnssecOutage::blocked)
                .map(Row::check)
                .distinct()
                .toList();
        return Optional.of(new DnssecOutage(domain, bogus.get().message(), blocked));
    }

    /** Whether a result's findings say the DNSSEC failure kept its check from running. */
    public static boolean blocked(List<Finding> findings) {
        return !findings.isEmpty() && findings.stream().allMatch(Finding::blockedByDnssec);
    }

    private static boolean blocked(Row r) {
        return blocked(r.findings());
    }
}
