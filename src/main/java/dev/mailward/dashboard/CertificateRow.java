package dev.mailward.dashboard;

import dev.mailward.checks.Status;
import java.time.Instant;
import java.util.List;

/**
 * A server certificate seen in the current results, one per SHA-256 fingerprint, with the
 * endpoints that present it. Its verdicts are those of each endpoint's {@code certificate} check
 * result, not judged again: the same certificate can pass on one host and fail on another (the name,
 * or a self-signed certificate on port 25 versus 465).
 *
 * @param sha256 fingerprint of the DER certificate (hex)
 * @param subject subject DN
 * @param issuer issuer DN
 * @param notAfter end of validity
 * @param daysLeft whole days until {@code notAfter} (negative when expired), as of the page
 * @param status the worst status of the endpoints' certificate results
 * @param endpoints the endpoints presenting it (at most a page's share; see {@code endpointCount})
 * @param endpointCount how many endpoints in scope present it
 */
public record CertificateRow(
        String sha256,
        String subject,
        String issuer,
        Instant notAfter,
        long daysLeft,
        Status status,
        List<Presenter> endpoints,
        long endpointCount) {

    public CertificateRow {
        endpoints = List.copyOf(endpoints);
    }

    /** How many presenting endpoints the row does not list. */
    public long moreEndpoints() {
        return Math.max(0, endpointCount - endpoints.size());
    }

    /**
     * One endpoint presenting the certificate and its certificate check's verdict.
     *
     * @param domainId the domain whose results show it
     * @param domain the domain's A-label
     * @param target the endpoint, e.g. {@code mx.example.org:25}
     * @param status the status of the endpoint's certificate result ({@code ERROR} when there is none)
     * @param verdicts the certificate check's findings on name, chain and expiry, in that order
     */
    public record Presenter(long domainId, String domain, String target, Status status, List<Verdict> verdicts) {
        public Presenter {
            verdicts = List.copyOf(verdicts);
        }
    }

    /**
     * One finding of the certificate check, by its code (e.g. {@code CERT_SELF_SIGNED}) and status.
     *
     * @param aspect {@code name}, {@code chain} or {@code expiry}
     */
    public record Verdict(String aspect, String code, Status status) {}
}
