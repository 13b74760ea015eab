package dev.mailward.checks.spf;

import java.util.Optional;

/**
 * The outcome of one {@code check_host()} run.
 *
 * @param result the SPF result
 * @param reason why (which term matched, which limit was exceeded, which lookup failed)
 * @param explanation the explanation string of a {@code fail} (§6.2), when one applies
 * @param dnsTerms DNS-querying terms evaluated (§4.6.4 limit 10)
 * @param voidLookups void lookups seen (§4.6.4 limit 2)
 */
record SpfEvaluation(SpfResult result, String reason, Optional<String> explanation, int dnsTerms, int voidLookups) {

    SpfEvaluation(SpfResult result, Optional<String> explanation, String reason, int dnsTerms, int voidLookups) {
        this(result, reason, explanation, dnsTerms, voidLookups);
    }
}
