package dev.mailward.results;

import dev.mailward.checks.DnssecOutage;
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
 * The results section of the domain page: the current results, the active exceptions, whether a scan
 * is waiting or running, and when the last one finished.
 *
 * @param domain the domain
 * @param results its current results, by check id and target
 * @param exceptions its accepted findings in force today
 * @param scanning whether a scan of it is waiting or running ({@link ScanActivity})
 * @param lastScan when its last engine run finished
 */
public record DomainResultsView(
        DomainDetails domain,
        List<StoredResult> results,
        List<AcceptedFinding> exceptions,
        boolean scanning,
        Optional<Instant> lastScan) {

    public DomainResultsView {
        results = List.copyOf(results);
        exceptions = List.copyOf(exceptions);
    }

    /**
     * The domain's DNSSEC outage, said once at the top of its pages: its own zone fails validation,
     * so mail to it is not delivered ({@link DnssecOutage}).
     */
    public Optional<DnssecOutage> outage() {
        return DnssecOutage.of(
                domain.name(),
                results.stream()
                        .map(r -> new DnssecOutage.Row(r.check(), r.target(), r.findings()))
                        .toList());
    }

    /** The exception that covers this finding of this result, if any. */
    public Optional<AcceptedFinding> acceptance(StoredResult result, Finding finding) {
        return exceptions.stream()
                .filter(e -> e.covers(result.check(), result.target(), finding.code()))
                .findFirst();
    }

    /**
     * Whether every finding that makes this result not pass (WARN, ERROR or FAIL) is covered by an
     * exception in force: the page then shows the result as accepted, not as failing (its stored status
     * stays as judged).
     */
    public boolean accepted(StoredResult result) {
        List<Finding> problems = result.findings().stream()
                .filter(f -> f.status().severity() > Status.PASS.severity())
                .toList();
        return result.status().severity() > Status.PASS.severity()
                && !problems.isEmpty()
                && problems.stream().allMatch(f -> acceptance(result, f).isPresent());
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
    public record EndpointView(
            String target,
            Status status,
            List<StoredResult> results,
            List<Map<String, Object>> transcript,
            List<Map<String, Object>> certificates) {

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
            List<Map<String, Object>> transcript = rs.stream()
                    .map(StoredResult::transcript)
                    .filter(t -> !t.isEmpty())
                    .findFirst()
                    .orElse(List.of());
            List<Map<String, Object>> certs = rs.stream()
                    .filter(r -> r.check().equals("certificate"))
                    .map(StoredResult::certificates)
                    .findFirst()
                    .orElse(List.of());
            out.add(new EndpointView(
                    target, Status.worst(rs.stream().map(StoredResult::status).toList()), rs, transcript, certs));
        });
        return out;
    }

    /** Whether a result is one of a probed endpoint (its transcript and certificates are shown there). */
    public boolean isEndpointResult(StoredResult r) {
        return KnownFindings.PROBE_RESULT_IDS.contains(r.check())
                && !r.check().equals("endpoints")
                && !r.check().equals("dane");
    }

    /** Days until a certificate's expiry, for the page. */
    public long daysLeft(Map<String, Object> certificate) {
        return StoredResult.daysLeft(certificate.get("notAfter"), Instant.now()).orElse(0L);
    }
}
