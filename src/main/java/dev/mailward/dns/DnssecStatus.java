package dev.mailward.dns;

/**
 * DNSSEC status of one answer (RFC 4035 §4.3).
 * <ul>
 *   <li>{@code SECURE}: a chain of trust from a trust anchor validates the answer;</li>
 *   <li>{@code INSECURE}: a validated proof shows the zone is unsigned (no DS at a delegation);</li>
 *   <li>{@code BOGUS}: signatures exist but do not validate (or a required proof is missing);</li>
 *   <li>{@code INDETERMINATE}: validation could not be done (no trust anchor, resolver error, or AD
 *   mode against a resolver that does not validate).</li>
 * </ul>
 */
public enum DnssecStatus {
    SECURE,
    INSECURE,
    BOGUS,
    INDETERMINATE
}
