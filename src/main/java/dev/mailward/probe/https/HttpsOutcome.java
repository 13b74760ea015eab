package dev.mailward.probe.https;

/**
 * How an HTTPS fetch ended. Only {@link #RESPONSE} and {@link #BODY_TOO_LARGE} carry an HTTP status;
 * {@link #NO_ADDRESS}, {@link #TLS_FAILED} and {@link #PROTOCOL_ERROR} are definite observations about the server, the
 * others mean "could not be measured".
 */
public enum HttpsOutcome {
    /** A complete response was read (any status, including 3xx redirects, which are never followed). */
    RESPONSE,
    /** A response whose body exceeds the cap; status and headers are known, the body is cut. */
    BODY_TOO_LARGE,
    /** The host name has no A or AAAA record (NXDOMAIN or NODATA for both). */
    NO_ADDRESS,
    /** Resolving the host name failed (SERVFAIL, timeout, budget spent). */
    DNS_ERROR,
    /** Every address of the host is refused by the target policy. */
    REFUSED_BY_POLICY,
    /** No TCP connection could be made to any allowed address. */
    CONNECT_FAILED,
    /** The TLS handshake failed: untrusted chain, wrong name, protocol mismatch. */
    TLS_FAILED,
    /** The response broke HTTP/1.1 or one of the header bounds. */
    PROTOCOL_ERROR,
    /** The deadline or a per-read timeout expired. */
    TIMEOUT;

    /** True when the outcome says something definite about the server rather than "could not measure". */
    public boolean isObservation() {
        return this == RESPONSE
                || this == BODY_TOO_LARGE
                || this == NO_ADDRESS
                || this == TLS_FAILED
                || this == PROTOCOL_ERROR;
    }
}
