package dev.mailward.scanning;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.mailward.inventory.DomainAdded;
import dev.mailward.inventory.DomainChanged;
import dev.mailward.inventory.DomainRemoved;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Keeps each domain's schedule in step with the inventory. */
@Component
class InventoryListener {

    private final ScanScheduler scheduler;
    private final DomainDirectory directory;

    InventoryListener(ScanScheduler scheduler, DomainDirectory directory) {
        this.scheduler = scheduler;
        this.directory = directory;
    }

    @ApplicationModuleListener
    void on(DomainAdded e) {
        directory.find(e.domainId()).ifPresent(d -> {
            Instant first = ScanTiming.first(Instant.now(), d.intervalMinutes(), ThreadLocalRandom.current());
            scheduler.client().scheduleIfNotExists(ScanTasks.instance(d.id(), first), first);
        });
    }

    /** A new interval takes effect now rather than after the next run at the old one. */
    @ApplicationModuleListener
    void on(DomainChanged e) {
        directory.find(e.domainId()).ifPresent(d -> {
            Instant next = ScanTiming.first(Instant.now(), d.intervalMinutes(), ThreadLocalRandom.current());
            try {
                scheduler.client().reschedule(TaskInstanceId.of(ScanTasks.SCAN_DOMAIN, Long.toString(d.id())), next,
                        new ScanTasks.ScanState(next.toEpochMilli()));
            } catch (RuntimeException running) {
                // it is running now; its next time is computed from the new interval when it ends
            }
        });
    }

    @ApplicationModuleListener
    void on(DomainRemoved e) {
        try {
            scheduler.client().cancel(TaskInstanceId.of(ScanTasks.SCAN_DOMAIN, Long.toString(e.domainId())));
        } catch (RuntimeException gone) {
            // no schedule, or running: the execution finds the domain gone and removes itself
        }
    }
}
