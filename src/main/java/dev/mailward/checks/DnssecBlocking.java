package dev.mailward.checks;

import dev.mailward.checks.dkim.DkimCode;
import dev.mailward.checks.dnssec.DnssecCode;
import dev.mailward.dns.DnsEvidence;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks the checks a broken DNSSEC chain kept from running (pure, part of the judge stage): a
 * result whose {@code ERROR} findings come with a lookup that DNSSEC validation rejected (BOGUS,
 * answered SERVFAIL) gets one {@link DnssecCode#DNSSEC_BLOCKED} finding per mitigation instead of
 * a resolver error each, still {@code ERROR} (could not determine), and the DKIM selectors so
 * blocked become one result for the domain instead of the same error per selector. The cause and
 * the fix are said once, by the dnssec result.
 */
final class DnssecBlocking {

    /** The dnssec family's id: its own results are the cause, never blocked. */
    private static final String DNSSEC = "dnssec";

    private static final String DKIM = "dkim";

    /** The dkim family's "no key found at the selectors tried", a consequence when no lookup was answered. */
    private static final String DKIM_NOTHING_FOUND = DkimCode.DKIM_NO_SELECTOR_FOUND.name();

    private DnssecBlocking() {}

    static List<CheckResult> mark(String domain, List<CheckResult> results) {
        String dkimDomainTarget = "_domainkey." + domain;
        List<CheckResult> blockedDkim = new ArrayList<>();
        CheckResult dkimDomain = null;
        for (CheckResult r : results) {
            if (r.check().equals(DKIM)) {
                if (r.target().equals(dkimDomainTarget)) {
                    dkimDomain = r;
                } else if (isBlocked(r)) {
                    blockedDkim.add(r);
                }
            }
        }
        CheckResult mergedDkim = null;
        if (!blockedDkim.isEmpty() || (dkimDomain != null && isBlocked(dkimDomain))) {
            List<CheckResult> all = new ArrayList<>(blockedDkim);
            if (dkimDomain != null) {
                all.addFirst(dkimDomain);
            }
            CheckResult base = all.getFirst();
            CheckResult target = new CheckResult(
                    DKIM,
                    dkimDomainTarget,
                    base.status(),
                    base.findings(),
                    base.evidence(),
                    base.checkedAt(),
                    base.elapsed());
            long selectors = all.stream()
                    .flatMap(r -> rejected(r).stream())
                    .map(e -> bare(e.name()))
                    .distinct()
                    .count();
            mergedDkim = blocked(target, all, "the DKIM keys of " + selectors + " selectors could not be looked up");
        }
        List<CheckResult> out = new ArrayList<>(results.size());
        boolean dkimPlaced = false;
        for (CheckResult r : results) {
            if (mergedDkim != null && (blockedDkim.contains(r) || r == dkimDomain)) {
                if (!dkimPlaced) {
                    out.add(mergedDkim);
                    dkimPlaced = true;
                }
            } else if (!r.check().equals(DNSSEC) && isBlocked(r)) {
                out.add(blocked(r, List.of(r), "this check could not run"));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean isBlocked(CheckResult r) {
        return r.status() == Status.ERROR && !rejected(r).isEmpty();
    }

    /**
     * {@code r} with the ERROR findings of {@code merged} (the results it stands for, its own base first)
     * replaced by one blocked finding per mitigation; the base's other findings are kept.
     */
    private static CheckResult blocked(CheckResult r, List<CheckResult> merged, String what) {
        Set<String> names = new LinkedHashSet<>();
        List<DnsEvidence> dns = new ArrayList<>();
        Map<String, Boolean> mitigations = new LinkedHashMap<>();
        List<Finding> kept = new ArrayList<>();
        for (CheckResult m : merged) {
            for (DnsEvidence e : m.evidence().dns()) {
                if (!dns.contains(e)) {
                    dns.add(e);
                }
            }
            rejected(m).forEach(e -> names.add(bare(e.name())));
            for (Finding f : m.findings()) {
                if (f.status() == Status.ERROR) {
                    mitigations.putIfAbsent(f.mitigation(), true);
                } else if (m == merged.getFirst()
                        && !(everyLookupRejected(merged) && f.code().equals(DKIM_NOTHING_FOUND))) {
                    // "no key found" is no finding when every lookup was rejected: nothing was seen
                    kept.add(f);
                }
            }
        }
        String list = names.size() <= 2
                ? String.join(" and ", names)
                : String.join(", ", names.stream().limit(2).toList()) + " and " + (names.size() - 2) + " more names";
        String message = "Blocked by the DNSSEC failure: validating resolvers reject the answers for " + list + ", so "
                + what + ". The dnssec result says why and how to fix it.";
        List<Finding> findings = new ArrayList<>();
        for (String mitigation : mitigations.keySet()) {
            findings.add(new Finding(DnssecCode.DNSSEC_BLOCKED.name(), Status.ERROR, message, mitigation));
        }
        findings.addAll(kept);
        Evidence ev = r.evidence();
        Map<String, Object> details = new LinkedHashMap<>(ev.details());
        details.put("blockedBy", "dnssec");
        if (merged.size() > 1) {
            details.put(
                    "blockedTargets", merged.stream().map(CheckResult::target).toList());
        }
        return CheckResult.of(
                r.check(),
                r.target(),
                findings,
                new Evidence(dns, ev.http(), ev.transcript(), ev.certificates(), details),
                r.checkedAt(),
                r.elapsed());
    }

    private static boolean everyLookupRejected(List<CheckResult> merged) {
        return merged.stream()
                .flatMap(m -> m.evidence().dns().stream())
                .allMatch(e -> DnssecStatus.BOGUS.name().equals(e.dnssec()));
    }

    /** The answers of {@code r}'s evidence that DNSSEC validation rejected. */
    private static List<DnsEvidence> rejected(CheckResult r) {
        List<DnsEvidence> out = new ArrayList<>();
        for (DnsEvidence e : r.evidence().dns()) {
            if (DnssecStatus.BOGUS.name().equals(e.dnssec())
                    && !DnsOutcome.valueOf(e.outcome()).isAnswer()) {
                out.add(e);
            }
        }
        return out;
    }

    private static String bare(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
