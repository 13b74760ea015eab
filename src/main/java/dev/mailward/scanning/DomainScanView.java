package dev.mailward.scanning;

import dev.mailward.checks.Finding;
import dev.mailward.inventory.DomainDetails;
import java.time.Instant;
import java.util.List;
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

    /** Whether a scan of this domain is waiting or running. */
    public boolean scanning() {
        return activeScan.isPresent();
    }
}
