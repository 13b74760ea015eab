package dev.mailward.reportintake;

import java.time.Instant;
import java.util.List;

/**
 * One DMARC aggregate report as parsed (RFC 9990 §2, RFC 7489 appendix C): who sent it, its id and period,
 * the policy published for {@code domain} as the reporter saw it, and its rows. Optional values are null.
 */
record DmarcReport(
        String orgName,
        String email,
        String reportId,
        Instant begin,
        Instant end,
        String domain,
        Policy policy,
        List<Row> rows) {

    /** The {@code policy_published} element: {@code p}, {@code sp}, {@code np}, alignment modes, {@code pct}, {@code testing}. */
    record Policy(String p, String sp, String np, String adkim, String aspf, String pct, String testing) {}

    /** An authentication result of {@code auth_results}: DKIM (domain, selector) or SPF (domain, scope). */
    record Auth(String domain, String selectorOrScope, String result) {}

    /**
     * One {@code <record>}: the source address and message count, the evaluated disposition and the
     * DMARC-aligned DKIM and SPF outcomes ({@code policy_evaluated}), the identifiers and the raw results.
     * The HELO name is the domain of an SPF result of scope {@code helo} (RFC 9990), where present.
     */
    record Row(
            String sourceIp,
            long count,
            String disposition,
            String dkimAligned,
            String spfAligned,
            String headerFrom,
            String envelopeFrom,
            String envelopeTo,
            List<Auth> dkim,
            List<Auth> spf) {

        /** The HELO name a reporter gave as an SPF result of scope {@code helo}, else null. */
        String helo() {
            return spf.stream()
                    .filter(a -> "helo".equalsIgnoreCase(a.selectorOrScope()))
                    .map(Auth::domain)
                    .findFirst()
                    .orElse(null);
        }

        /** Whether the messages passed DMARC: an aligned DKIM or SPF pass (RFC 9989 §4.4). */
        boolean dmarcPass() {
            return "pass".equalsIgnoreCase(dkimAligned) || "pass".equalsIgnoreCase(spfAligned);
        }
    }
}
