package dev.mailward.scanning;

import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Read access for other modules (dashboards). These reads are not scoped to the signed-in user:
 * callers decide which domains a user may see (e.g. through {@code InventoryService.domain(id)}).
 * A domain's results, changes and exceptions are read through {@code results.Results}.
 */
@Service
public class ScanQueries {

    private final ScheduleStore schedules;

    ScanQueries(ScheduleStore schedules) {
        this.schedules = schedules;
    }

    /** When the domain's next regular (or requested) scan is due; empty before it has a schedule. */
    public Optional<Instant> nextScan(long domainId) {
        return schedules.nextScan(domainId);
    }
}
