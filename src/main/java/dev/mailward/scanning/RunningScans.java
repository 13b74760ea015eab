package dev.mailward.scanning;

import dev.mailward.results.ScanActivity;
import org.springframework.stereotype.Component;

/** Tells the results module whether a "scan now" or "check now" of a domain is waiting or running. */
@Component
class RunningScans implements ScanActivity {

    private final ScanRunStore runs;

    RunningScans(ScanRunStore runs) {
        this.runs = runs;
    }

    @Override
    public boolean scanInProgress(long domainId) {
        return runs.openRunOf(domainId).flatMap(runs::progress).isPresent();
    }
}
