package dev.mailward.checks;

/** What a check's results are about (CHECKS.md "Results"). */
public enum TargetKind {
    /** The domain itself: mx, spf, dmarc, mta-sts, tls-rpt, dnssec. */
    DOMAIN,
    /** {@code <selector>._domainkey.<domain>}: dkim. */
    DKIM_SELECTOR,
    /** An MX host name: dane, dnssec of the MX zone. */
    MX_HOST,
    /** An IP address of an MX: ptr, blocklist. */
    ADDRESS,
    /** An endpoint {@code host:port}: starttls, implicit-tls, tls-*, certificate, auth-before-tls, ... */
    ENDPOINT,
    /** An uploaded configuration {@code config:<server>}. */
    CONFIG
}
