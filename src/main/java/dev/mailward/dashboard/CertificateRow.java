package dev.mailward.dashboard;

import dev.mailward.checks.Status;
import java.time.Instant;

/**
 * A certificate seen in a domain's current results.
 *
 * @param domainId the domain
 * @param domain its A-label
 * @param target the result target (an endpoint such as {@code mx.example.org:25})
 * @param position its place in the served chain (0 = the server's own certificate)
 * @param subject subject DN
 * @param issuer issuer DN
 * @param notAfter end of validity
 * @param sha256 fingerprint (hex)
 * @param daysLeft whole days until {@code notAfter} (negative when expired)
 * @param status {@code FAIL} when expired, {@code WARN} when a third of its lifetime or 30 days remain
 *     (whichever is less; CHECKS.md, TLS certificate expiry), {@code PASS} otherwise
 */
public record CertificateRow(
        long domainId,
        String domain,
        String target,
        int position,
        String subject,
        String issuer,
        Instant notAfter,
        String sha256,
        long daysLeft,
        Status status) {}
