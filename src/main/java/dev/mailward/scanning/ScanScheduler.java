package dev.mailward.scanning;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import dev.mailward.database.DatabaseOwnership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This console's db-scheduler: configured here rather than by the db-scheduler Spring Boot
 * starter, whose auto-configuration targets Spring Boot 3. The {@link SchedulerClient} (to add and
 * move task instances) works whether or not this instance executes scans
 * ({@code mailward.scanning.scheduler-enabled}).
 */
@Component
class ScanScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScanScheduler.class);

    private final DataSource dataSource;
    private final ScanTasks tasks;
    private final ScanningProperties properties;
    private final SchedulerClient client;
    private final InterruptedScans interrupted;
    private final ObjectProvider<DatabaseOwnership> ownership;
    private volatile Scheduler scheduler;

    ScanScheduler(
            DataSource dataSource,
            ScanTasks tasks,
            ScanningProperties properties,
            InterruptedScans interrupted,
            ObjectProvider<DatabaseOwnership> ownership) {
        this.dataSource = dataSource;
        this.tasks = tasks;
        this.properties = properties;
        this.interrupted = interrupted;
        this.ownership = ownership;
        this.client = SchedulerClient.Builder.create(dataSource, tasks.all()).build();
    }

    SchedulerClient client() {
        return client;
    }

    /** A scheduler over the scanning tasks on this database; started by the caller. */
    Scheduler newScheduler(String name, int threads, Duration pollInterval, Duration heartbeat) {
        return newScheduler(name, threads, pollInterval, heartbeat, Duration.ofSeconds(5));
    }

    /**
     * As {@link #newScheduler(String, int, Duration, Duration)}; on stop, scans still running after
     * {@code shutdownMaxWait} are interrupted and run again later (here or on another instance).
     */
    Scheduler newScheduler(
            String name, int threads, Duration pollInterval, Duration heartbeat, Duration shutdownMaxWait) {
        // the recurring tasks are known to the scheduler through startTasks
        return Scheduler.create(dataSource, List.<Task<?>>of(tasks.scanDomain()))
                .startTasks(tasks.sync(), tasks.retention())
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(threads)
                .pollingInterval(pollInterval)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(InterruptedScans.MISSED_HEARTBEATS)
                .shutdownMaxWait(shutdownMaxWait)
                .enableImmediateExecution()
                .build();
    }

    /** Moves the domain's scan to now (or creates its schedule). */
    void runNow(long domainId, int intervalMinutes) {
        Instant now = Instant.now();
        if (!client.scheduleIfNotExists(ScanTasks.instance(domainId, now), now)) {
            // keeps the instance's data (its regular time); a scan running now picks the request up when done
            try {
                client.reschedule(
                        com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(
                                ScanTasks.SCAN_DOMAIN, Long.toString(domainId)),
                        now);
            } catch (RuntimeException running) {
                log.debug("Scan of domain {} is running; it runs again for the new request when done", domainId);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!properties.schedulerEnabled() || scheduler != null) {
            return;
        }
        try {
            // before the first poll, so that what a dead console left is picked first
            boolean exclusive =
                    ownership.getIfAvailable(() -> new DatabaseOwnership(false)).exclusive();
            interrupted.recover(exclusive, properties.heartbeatInterval(), Instant.now());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not clean up after scans a stopped console left; they resume after missed heartbeats: {}",
                    e.getMessage());
        }
        String name =
                "mailward-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(System.identityHashCode(this));
        scheduler = newScheduler(name, properties.threads(), properties.pollInterval(), properties.heartbeatInterval());
        scheduler.start();
        log.info("Scan scheduler {} started with {} threads", name, properties.threads());
    }

    @Override
    public synchronized void stop() {
        Scheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.stop();
            log.info("Scan scheduler stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // stop before the data source and the check engine go away
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
