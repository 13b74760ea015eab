package dev.mailward.notifications;

/**
 * What a notification is about. Each is derived from recorded results only: {@link #REGRESSION},
 * {@link #RECOVERY} and {@link #TLSA_MISMATCH} from a confirmed {@code results.ResultChanged}; the
 * others from the sweep over current results, exceptions and the result history, and (the two report kinds)
 * over what the {@code reportintake} module's DMARC and TLS reports say.
 */
public enum NotificationKind {
    /** A check became worse (confirmed by a second observation before it was recorded). */
    REGRESSION,
    /** A check became better. */
    RECOVERY,
    /** The certificate of a probed endpoint expires within one of the configured thresholds (days). */
    CERTIFICATE_EXPIRING,
    /** The DNSSEC signatures (RRSIG) of the domain's zone expire within the configured days. */
    RRSIG_EXPIRING,
    /** A TLSA record of an MX host stopped matching the certificate the server presents. */
    TLSA_MISMATCH,
    /** The domain could not be measured (its MX check ERROR) for several scans in a row. */
    DOMAIN_ERROR,
    /** An accepted finding (exception) expires within the configured days. */
    EXCEPTION_EXPIRING,
    /**
     * The DMARC pass rate the domain's aggregate reports give for the recent days fell by at least the
     * configured percentage points below the days before (both with enough messages).
     */
    DMARC_PASS_RATE_DROP,
    /**
     * The SMTP TLS reports about the domain show more failed sessions than the configured share in the recent
     * days, or a failure result type the days before did not have.
     */
    TLS_FAILURES_RISING,
    /** The "send test" button. */
    TEST
}
