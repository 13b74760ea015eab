package dev.mailward.checks;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnssecStatus;

/**
 * A failed lookup in a mail admin's words, for finding messages: what happened (timed out, server
 * failure, refused, rejected by DNSSEC validation), never the resolver's raw text (Extended DNS
 * Errors, {@code CD=1} data, signatures), which stays in the answer's evidence.
 */
public final class DnsWords {

    private DnsWords() {}

    /** The end of a sentence "the lookup of X TXT …", e.g. "timed out". */
    public static String failure(DnsAnswer answer) {
        if (answer.dnssec() == DnssecStatus.BOGUS) {
            return "was rejected because the zone's DNSSEC chain is broken (validating resolvers return SERVFAIL)";
        }
        return switch (answer.outcome()) {
            case OK, NXDOMAIN, NODATA -> "succeeded";
            case SERVFAIL -> "failed: the DNS servers answered SERVFAIL (server failure)";
            case REFUSED -> "was refused by the DNS servers";
            case TIMEOUT -> "timed out";
            case BUDGET_EXHAUSTED -> "was not sent: the query budget of the check is spent";
            case ERROR -> "failed" + answer.error().map(e -> " (" + e + ")").orElse("");
        };
    }
}
