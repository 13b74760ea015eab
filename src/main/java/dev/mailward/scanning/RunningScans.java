package dev.mailward.scanning;

import dev.mailward.results.ScanActivity;
import dev.mailward.results.ScanBatches;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Tells the results module whether a "scan now" or "check now" of a domain is waiting or running, and which
 * engine runs a scan made (its changes page lists a scan's changes).
 */
@Component
class RunningScans implements ScanActivity, ScanBatches {

    private final ScanRunStore runs;

    RunningScans(ScanRunStore runs) {
        this.runs = runs;
    }

    @Override
    public boolean scanInProgress(long domainId) {
        return runs.openRunOf(domainId).flatMap(runs::progress).isPresent();
    }

    @Override
    public List<Long> engineRuns(long scanId) {
        return runs.checkRuns(scanId);
    }
}
