package dev.mailward.dns;

/**
 * How a query ended. Only {@link #OK}, {@link #NXDOMAIN} and {@link #NODATA} are answers; the
 * others mean "could not be determined" and must become {@code ERROR}, never {@code FAIL}.
 */
public enum DnsOutcome {
    /** NOERROR with at least one record of the asked type (after following CNAMEs). */
    OK,
    /** The name does not exist (RCODE 3). */
    NXDOMAIN,
    /** The name exists but has no record of the asked type. */
    NODATA,
    /** RCODE 2 from every configured server. */
    SERVFAIL,
    /** RCODE 5 from every configured server. */
    REFUSED,
    /** No answer within the timeout from any server, after the configured retries. */
    TIMEOUT,
    /** The query was not sent: the check's or domain's query budget is spent. */
    BUDGET_EXHAUSTED,
    /** Anything else: FORMERR, malformed or oversized response, CNAME loop or chain too long. */
    ERROR;

    /** True when the DNS gave a definite answer (records, NXDOMAIN or NODATA). */
    public boolean isAnswer() {
        return this == OK || this == NXDOMAIN || this == NODATA;
    }
}
