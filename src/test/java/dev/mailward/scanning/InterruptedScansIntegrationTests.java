package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.accounts.TeamRef;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * When scanning starts, what a console that died mid-scan left is cleaned up: its engine runs
 * without an end are closed, its "scan now" items wait again and its domains go to the head of the
 * queue. A console that is alive (a fresh heartbeat) on the same database is not touched.
 */
class InterruptedScansIntegrationTests extends ScanningTestSupport {

    @Autowired
    ScanScheduler scanScheduler;

    @Autowired
    InterruptedScans interruptedScans;

    @BeforeEach
    void noSchedulerRuns() {
        scanScheduler.stop();
    }

    @AfterEach
    void restoreTheContextsScheduler() {
        scanScheduler.start();
    }

    @Test
    void scansOfADeadConsoleAreClosedAndQueuedFirstThoseOfALiveOneAreLeftAlone() {
        TeamRef team = accounts.team("crashed");
        long dead = domain(uniqueDomain("dead"), team, 1440, List.of());
        long alive = domain(uniqueDomain("alive"), team, 1440, List.of());
        long overdue = domain(uniqueDomain("overdue"), team, 1440, List.of());
        long run = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) "
                        + "values ('crash', 'test', now(), 2) returning id",
                Long.class);
        for (long d : List.of(dead, alive)) {
            jdbc.update(
                    "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, 'RUNNING', now())",
                    run,
                    d);
        }
        long deadRun = openRun(dead, "console-dead");
        long aliveRun = openRun(alive, "console-alive");
        picked(dead, "console-dead", "1 hour");
        picked(alive, "console-alive", "0 seconds");
        // a scheduled scan that fell due while the console was down
        jdbc.update(
                "insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version) "
                        + "values (?, ?, now() - interval '10 minutes', false, 1)",
                ScanTasks.SCAN_DOMAIN,
                Long.toString(overdue));

        InterruptedScans.Recovered r = interruptedScans.recover(false, Duration.ofSeconds(30), Instant.now());

        assertThat(r.requeued()).contains(dead).doesNotContain(alive);
        assertThat(status(deadRun)).isEqualTo("INTERRUPTED");
        assertThat(status(aliveRun)).isNull();
        assertThat(itemState(run, dead)).isEqualTo("PENDING");
        assertThat(itemState(run, alive)).isEqualTo("RUNNING");
        assertThat(jdbc.queryForObject(
                        "select picked from scheduled_tasks where task_name = ? and task_instance = ?",
                        Boolean.class,
                        ScanTasks.SCAN_DOMAIN,
                        Long.toString(dead)))
                .isFalse();
        assertThat(jdbc.queryForObject(
                        "select picked_by from scheduled_tasks where task_name = ? and task_instance = ?",
                        String.class,
                        ScanTasks.SCAN_DOMAIN,
                        Long.toString(alive)))
                .isEqualTo("console-alive");
        assertThat(executionTime(dead))
                .as("the interrupted domain is queued before the overdue one")
                .isBefore(executionTime(overdue));
    }

    @Test
    void startingTheSchedulerOnItsOwnDatabaseClosesWhatAnEarlierRunLeft() {
        TeamRef team = accounts.team("crashed");
        long dead = domain(uniqueDomain("restart"), team, 1440, List.of());
        long deadRun = openRun(dead, "console-before-restart");
        // the heartbeat is fresh: only a console that alone uses its database may call it dead at once
        picked(dead, "console-before-restart", "0 seconds");

        interruptedScans.recover(true, Duration.ofSeconds(30), Instant.now());

        assertThat(status(deadRun)).isEqualTo("INTERRUPTED");
        assertThat(jdbc.queryForObject(
                        "select picked from scheduled_tasks where task_name = ? and task_instance = ?",
                        Boolean.class,
                        ScanTasks.SCAN_DOMAIN,
                        Long.toString(dead)))
                .isFalse();
    }

    @Test
    void theContextsSchedulerCleansUpWhenItStarts() {
        TeamRef team = accounts.team("crashed");
        long dead = domain(uniqueDomain("start"), team, 1440, List.of());
        long deadRun = openRun(dead, "console-gone");
        picked(dead, "console-gone", "1 hour");

        scanScheduler.start();

        assertThat(status(deadRun)).isEqualTo("INTERRUPTED");
    }

    private long openRun(long domainId, String scheduler) {
        return jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, scheduler) "
                        + "values (?, 'MANUAL', now() - interval '2 hours', ?) returning id",
                Long.class,
                domainId,
                scheduler);
    }

    private void picked(long domainId, String by, String heartbeatAge) {
        jdbc.update(
                "insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, "
                        + "last_heartbeat, version) values (?, ?, now() - interval '1 minute', true, ?, now() - cast(? as interval), 1)",
                ScanTasks.SCAN_DOMAIN,
                Long.toString(domainId),
                by,
                heartbeatAge);
    }

    private String status(long checkRunId) {
        return jdbc.queryForObject("select status from check_run where id = ?", String.class, checkRunId);
    }

    private String itemState(long run, long domainId) {
        return jdbc.queryForObject(
                "select state from scan_run_item where scan_run_id = ? and domain_id = ?", String.class, run, domainId);
    }

    private Instant executionTime(long domainId) {
        return jdbc.queryForObject(
                        "select execution_time from scheduled_tasks where task_name = ? and task_instance = ?",
                        Timestamp.class,
                        ScanTasks.SCAN_DOMAIN,
                        Long.toString(domainId))
                .toInstant();
    }
}
