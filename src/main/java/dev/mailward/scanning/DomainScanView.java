package dev.mailward.scanning;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.inventory.DomainDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the domain page shows of scanning: the current results, the active exceptions, the scan in
 * progress (if any) and when the last one finished.
 */
public record DomainScanView(DomainDetails domain, List<StoredResult> results, List<AcceptedFinding> exceptions,
        Optional<ScanProgress> activeScan, Optional<Instant> lastScan) {

    public DomainScanView {
        results = List.copyOf(results);
        exceptions = List.copyOf(exceptions);
    }

    /** The exception that covers this finding of this result, if any. */
    public Optional<AcceptedFinding> acceptance(StoredResult result, Finding finding) {
        return exceptions.stream().filter(e -> e.covers(result.check(), result.target(), finding.code())).findFirst();
    }

    /**
     * One probed endpoint {@code host:port} with its results (one per check id), the session
     * transcript and the certificates it presented.
     *
     * @param target the endpoint {@code host:port}
     * @param status the worst status of its results
     * @param results its results, in check order
     * @param transcript the transcript of its sessions (main session, then one per TLS version)
     * @param certificates the chain it presented, leaf first
     */
    public record EndpointView(String target, Status status, List<StoredResult> results,
            List<Map<String, Object>> transcript, List<Map<String, Object>> certificates) {

        /** A DOM id for the endpoint's card (targets hold dots and colons). */
        public String anchor() {
            return "endpoint-" + target.replaceAll("[^A-Za-z0-9-]", "-");
        }
    }

    /** The probed endpoints, in the order their results are listed. */
    public List<EndpointView> endpoints() {
        Map<String, List<StoredResult>> byTarget = new LinkedHashMap<>();
        for (StoredResult r : results) {
            if (isEndpointResult(r)) {
                byTarget.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(r);
            }
        }
        List<EndpointView> out = new ArrayList<>();
        byTarget.forEach((target, rs) -> {
            List<Map<String, Object>> transcript = rs.stream().map(StoredResult::transcript)
                    .filter(t -> !t.isEmpty()).findFirst().orElse(List.of());
            List<Map<String, Object>> certs = rs.stream().filter(r -> r.check().equals("certificate"))
                    .map(StoredResult::certificates).findFirst().orElse(List.of());
            out.add(new EndpointView(target, Status.worst(rs.stream().map(StoredResult::status).toList()), rs,
                    transcript, certs));
        });
        return out;
    }

    /** Whether a result is one of a probed endpoint (its transcript and certificates are shown there). */
    public boolean isEndpointResult(StoredResult r) {
        return ProbeCycles.PROBE_RESULT_IDS.contains(r.check()) && !r.check().equals("endpoints")
                && !r.check().equals("dane");
    }

    /** Days until a certificate's expiry, for the page. */
    public long daysLeft(Map<String, Object> certificate) {
        return StoredResult.daysLeft(certificate.get("notAfter"), Instant.now()).orElse(0L);
    }

    /** Whether a scan of this domain is waiting or running. */
    public boolean scanning() {
        return activeScan.isPresent();
    }
}
