package dev.mailward.scanning;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.mailward.inventory.DomainChanged;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps a domain's schedule in step with a changed interval. New domains get their schedule from
 * the {@code scan-sync} task (every minute, one anti-join) rather than one listener call per
 * {@code DomainAdded}: a bulk import of 10,000 domains must not become 10,000 concurrent
 * transactions. A removed domain's instance removes itself when it next runs.
 */
@Component
class InventoryListener {

    private final ScanScheduler scheduler;
    private final DomainDirectory directory;

    InventoryListener(ScanScheduler scheduler, DomainDirectory directory) {
        this.scheduler = scheduler;
        this.directory = directory;
    }

    /** A new interval takes effect now rather than after the next run at the old one. */
    @TransactionalEventListener
    void on(DomainChanged e) {
        directory.find(e.domainId()).ifPresent(d -> {
            Instant next = ScanTiming.first(Instant.now(), d.intervalMinutes(), ThreadLocalRandom.current());
            try {
                scheduler
                        .client()
                        .reschedule(
                                TaskInstanceId.of(ScanTasks.SCAN_DOMAIN, Long.toString(d.id())),
                                next,
                                new ScanTasks.ScanState(next.toEpochMilli()));
            } catch (RuntimeException notScheduledOrRunning) {
                // no instance yet (scan-sync adds it), or running now (its next time uses the new interval)
            }
        });
    }
}
