package dev.mailward.checks.spf;

import java.util.Optional;

/**
 * The outcome of one {@code check_host()} run.
 *
 * @param result the SPF result
 * @param reason why (which term matched, which limit was exceeded, which lookup failed), for people
 * @param explanation the explanation string of a {@code fail} (§6.2), when one applies
 * @param dnsTerms DNS-querying terms evaluated (§4.6.4 limit 10)
 * @param voidLookups void lookups seen (§4.6.4 limit 2)
 * @param limitExceeded the §4.6.4 limit whose excess ended the evaluation in permerror, when one
 *        did; callers pick finding codes from this, never from {@code reason}
 */
record SpfEvaluation(
        SpfResult result,
        String reason,
        Optional<String> explanation,
        int dnsTerms,
        int voidLookups,
        Optional<Limit> limitExceeded) {

    /** The processing limits of RFC 7208 §4.6.4 whose excess is a permerror. */
    enum Limit {
        /** More than 10 DNS-querying terms (include, a, mx, ptr, exists, redirect) in the whole evaluation. */
        DNS_TERMS,
        /** More than 2 void lookups (NXDOMAIN or no answer). */
        VOID_LOOKUPS,
        /** More than 10 MX names looked up for one {@code mx} term without a match. */
        MX_NAMES
    }

    SpfEvaluation(
            SpfResult result,
            Optional<String> explanation,
            String reason,
            int dnsTerms,
            int voidLookups,
            Optional<Limit> limitExceeded) {
        this(result, reason, explanation, dnsTerms, voidLookups, limitExceeded);
    }
}
