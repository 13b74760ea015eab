package dev.mailward.scanning;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.mailward.results.Results;
import dev.mailward.results.ScanTrigger;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The scheduler's tasks.
 *
 * <p><b>One task instance per domain</b> ({@code scan-domain/<domain id>}): its execution time is
 * when the domain is next due. db-scheduler picks due instances with a locked update, so several
 * consoles on one database share the work and never run one domain twice at once; an instance
 * picked by a console that died is revived after missed heartbeats, so nothing is lost. 10,000
 * domains are 10,000 rows and one indexed poll; no sweep reads the whole inventory. The instance's
 * data is the domain's next <em>regular</em> time; "scan now" moves the execution to now and adds
 * a {@code scan_run_item}, and the execution after it returns to the regular time. A cancelled
 * item makes the execution find nothing to do before the regular time, so it only reschedules.
 */
@Component
class ScanTasks {

    static final String SCAN_DOMAIN = "scan-domain";
    static final String SYNC = "scan-sync";
    static final String RETENTION = "scan-retention";

    private static final Logger log = LoggerFactory.getLogger(ScanTasks.class);
    private static final int SYNC_BATCH = 5_000;

    /** The data of a domain's instance: its next regular run (epoch milliseconds). */
    record ScanState(long regularDueMillis) implements Serializable {
        Instant regularDue() {
            return Instant.ofEpochMilli(regularDueMillis);
        }
    }

    private final DomainDirectory directory;
    private final DomainScanner scanner;
    private final ScanRunStore runs;
    private final Results results;
    private final ScanningProperties properties;
    private final ProbeCycles cycles;

    ScanTasks(
            DomainDirectory directory,
            DomainScanner scanner,
            ScanRunStore runs,
            Results results,
            ScanningProperties properties,
            ProbeCycles cycles) {
        this.directory = directory;
        this.scanner = scanner;
        this.runs = runs;
        this.results = results;
        this.properties = properties;
        this.cycles = cycles;
    }

    final Task<ScanState> scanDomain() {
        return Tasks.custom(SCAN_DOMAIN, ScanState.class)
                .onDeadExecutionRevive()
                .onFailure(new FailureHandler.OnFailureRetryLater<>(properties.retryDelay()))
                .execute(this::execute);
    }

    /** Gives every domain without a schedule one (every minute; one anti-join, cheap when all have one). */
    final RecurringTask<Void> sync() {
        return Tasks.recurring(SYNC, Schedules.fixedDelay(Duration.ofMinutes(1)))
                .execute((instance, ctx) -> scheduleMissing(ctx.getSchedulerClient()));
    }

    /** Deletes history older than the retention, daily at 03:17 UTC. */
    final RecurringTask<Void> retention() {
        return Tasks.recurring(RETENTION, Schedules.daily(LocalTime.of(3, 17)))
                .execute((instance, ctx) -> cleanUp(Instant.now()));
    }

    List<Task<?>> all() {
        return List.of(scanDomain(), sync(), retention());
    }

    static TaskInstance<ScanState> instance(long domainId, Instant regularDue) {
        return new TaskInstance<>(SCAN_DOMAIN, Long.toString(domainId), new ScanState(regularDue.toEpochMilli()));
    }

    int scheduleMissing(com.github.kagkarlsson.scheduler.SchedulerClient client) {
        int added = 0;
        Instant now = Instant.now();
        for (DomainDirectory.Target t : directory.withoutSchedule(SCAN_DOMAIN, SYNC_BATCH)) {
            Instant first = ScanTiming.first(now, t.intervalMinutes(), ThreadLocalRandom.current());
            if (client.scheduleIfNotExists(instance(t.id(), first), first)) {
                added++;
            }
        }
        if (added > 0) {
            log.info("Scheduled {} domains that had no schedule", added);
        }
        return added;
    }

    void cleanUp(Instant now) {
        Instant before = now.minus(properties.retention());
        int deleted = results.deleteHistoryBefore(before);
        int scans = runs.deleteFinishedBefore(before);
        log.info("Retention: deleted {} results and {} scan runs older than {}", deleted, scans, before);
    }

    private CompletionHandler<ScanState> execute(TaskInstance<ScanState> instance, ExecutionContext ctx) {
        long domainId = Long.parseLong(instance.getId());
        Optional<DomainDirectory.Target> found = directory.find(domainId);
        if (found.isEmpty()) {
            log.info("Domain {} is gone; its schedule ends", domainId);
            return (complete, ops) -> ops.remove();
        }
        DomainDirectory.Target domain = found.get();
        Instant now = Instant.now();
        Instant regular = Optional.ofNullable(instance.getData())
                .map(ScanState::regularDue)
                .orElse(now);
        List<Long> requested = runs.claim(domainId, now);
        boolean due = !now.isBefore(regular);
        if (requested.isEmpty() && !due) {
            // a "scan now" that was cancelled before it started: back to the regular time
            return (complete, ops) -> ops.reschedule(complete, regular, new ScanState(regular.toEpochMilli()));
        }
        String name = ctx.getExecution().pickedBy;
        // the probe cycle: the newest "scan now" that asked for this domain, else the scheduler's window
        Optional<ProbeCycles.Cycle> cycle = !cycles.enabled()
                ? Optional.empty()
                : Optional.of(
                        requested.isEmpty()
                                ? cycles.scheduled()
                                : cycles.ofScanRun(requested.stream()
                                        .mapToLong(Long::longValue)
                                        .max()
                                        .orElseThrow()));
        DomainScanner.Scanned scanned =
                scanner.scan(domain, due ? ScanTrigger.SCHEDULED : ScanTrigger.MANUAL, name == null ? "" : name, cycle);
        Instant end = Instant.now();
        runs.complete(domainId, scanned.runId(), scanned.found(), end);
        Instant nextRegular = due
                ? ScanTiming.next(end, domain.intervalMinutes(), properties.jitter(), ThreadLocalRandom.current())
                : regular;
        Instant next = runs.hasPending(domainId) ? end : nextRegular;
        ScanState state = new ScanState(nextRegular.toEpochMilli());
        return (complete, ops) -> ops.reschedule(complete, next, state);
    }
}
