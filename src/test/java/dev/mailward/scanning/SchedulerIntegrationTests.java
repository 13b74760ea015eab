package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.mailward.accounts.TeamRef;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The schedule on db-scheduler: domains are scanned when due and then again one interval (± the
 * jitter) later; several schedulers on one database share the work without ever scanning one
 * domain twice at once; the scan of a scheduler that died is resumed by another.
 */
class SchedulerIntegrationTests extends ScanningTestSupport {

    @Autowired
    ScanScheduler scanScheduler;

    private final List<Scheduler> started = new ArrayList<>();

    @BeforeEach
    void onlyTheSchedulersOfTheTestRun() {
        scanScheduler.stop();
    }

    @AfterEach
    void restoreTheContextsScheduler() {
        started.forEach(Scheduler::stop);
        scanScheduler.start();
    }

    @Test
    void dueDomainIsScannedAndRescheduledOneIntervalLaterWithinTheJitter() {
        TeamRef team = accounts.team("sched");
        String name = uniqueDomain("due");
        serve(name, "v=spf1 -all");
        long id = domain(name, team, 60, List.of());
        scanScheduler.client().schedule(ScanTasks.instance(id, Instant.now()), Instant.now());
        start("due");

        await().atMost(Duration.ofSeconds(20)).until(() -> finishedRuns(id) == 1);
        Instant finished = jdbc.queryForObject(
                        "select finished_at from check_run where domain_id = ?", Timestamp.class, id)
                .toInstant();
        assertThat(jdbc.queryForObject("select trigger from check_run where domain_id = ?", String.class, id))
                .isEqualTo("SCHEDULED");
        // the run is finished before the scheduler reschedules the instance: wait for the new row
        await().atMost(Duration.ofSeconds(5))
                .ignoreException(org.springframework.dao.EmptyResultDataAccessException.class)
                .untilAsserted(() -> {
                    Instant next = jdbc.queryForObject(
                                    "select execution_time from scheduled_tasks where task_name = ? "
                                            + "and task_instance = ? and not picked",
                                    Timestamp.class,
                                    ScanTasks.SCAN_DOMAIN,
                                    Long.toString(id))
                            .toInstant();
                    // 60 minutes ± 10 %
                    assertThat(Duration.between(finished, next).toSeconds()).isBetween(54 * 60L - 5, 66 * 60L + 5);
                });
    }

    @Test
    void twoSchedulersShareTheWorkAndNeverScanOneDomainTwiceAtOnce() {
        TeamRef team = accounts.team("sched");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = uniqueDomain("pair");
            serve(name, "v=spf1 -all");
            ids.add(domain(name, team, 1440, List.of()));
        }
        String list =
                ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        Instant now = Instant.now();
        ids.forEach(id -> scanScheduler.client().schedule(ScanTasks.instance(id, now), now));
        start("a");
        start("b");
        // "scan now" for every domain while the regular scans run: each domain is scanned again, never in parallel
        long run = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) "
                        + "values ('pair', 'test', now(), 12) returning id",
                Long.class);
        for (long id : ids) {
            jdbc.update(
                    "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, 'PENDING', now())",
                    run,
                    id);
            scanScheduler.runNow(id, 1440);
        }

        await().atMost(Duration.ofSeconds(40))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scan_run_item where scan_run_id = ? and state = 'DONE'",
                                Integer.class,
                                run)
                        == 12);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from check_run where domain_id in (" + list
                                        + ") and finished_at is null",
                                Integer.class)
                        == 0);

        List<Map<String, Object>> runs = jdbc.queryForList("select domain_id, started_at, finished_at, scheduler "
                + "from check_run where domain_id in (" + list + ") order by domain_id, started_at");
        for (long id : ids) {
            List<Map<String, Object>> mine = runs.stream()
                    .filter(r -> ((Number) r.get("domain_id")).longValue() == id)
                    .toList();
            assertThat(mine).as("runs of domain %d", id).hasSizeBetween(1, 2);
            for (int i = 1; i < mine.size(); i++) {
                Timestamp previousEnd = (Timestamp) mine.get(i - 1).get("finished_at");
                Timestamp start = (Timestamp) mine.get(i).get("started_at");
                assertThat(start).as("domain %d scanned twice at once", id).isAfterOrEqualTo(previousEnd);
            }
        }
        assertThat(runs.stream().map(r -> (String) r.get("scheduler")).distinct())
                .as("both schedulers took part")
                .contains("test-a", "test-b");
    }

    @Test
    void scanOfASchedulerThatDiedIsResumedByAnother() {
        TeamRef team = accounts.team("sched");
        String name = uniqueDomain("crash");
        serve(name, "v=spf1 -all");
        long id = domain(name, team, 1440, List.of());
        // what a console leaves behind when it dies mid-scan: its instance picked, its heartbeat
        // stale, the "scan now" item claimed and a check_run without an end
        long run = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) "
                        + "values ('crash', 'test', now(), 1) returning id",
                Long.class);
        jdbc.update(
                "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, 'RUNNING', now())",
                run,
                id);
        jdbc.update(
                "insert into check_run (domain_id, trigger, started_at, scheduler) values (?, 'MANUAL', now(), 'dead')",
                id);
        jdbc.update("""
                insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by,
                                             last_heartbeat, version)
                values (?, ?, null, now() - interval '1 minute', true, 'dead', now() - interval '1 hour', 1)
                """, ScanTasks.SCAN_DOMAIN, Long.toString(id));

        start("survivor");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "select state from scan_run_item where scan_run_id = ?", String.class, run)
                        .equals("DONE"));
        assertThat(finishedRuns(id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from current_result where domain_id = ?", Integer.class, id))
                .isPositive();
        assertThat(jdbc.queryForObject(
                        "select scheduler from check_run where domain_id = ? and finished_at is not null",
                        String.class,
                        id))
                .isEqualTo("test-survivor");
    }

    @Test
    void scanInterruptedByAStoppingSchedulerRunsAgainOnAnother() {
        TeamRef team = accounts.team("sched");
        String name = uniqueDomain("stop");
        serve(name, "v=spf1 -all");
        // every answer of this zone is late: the scan takes long enough to be stopped halfway
        DNS.timeout(name);
        long id = domain(name, team, 1440, List.of());
        long run = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) "
                        + "values ('stop', 'test', now(), 1) returning id",
                Long.class);
        jdbc.update(
                "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, 'PENDING', now())",
                run,
                id);
        scanScheduler.runNow(id, 1440);
        Scheduler first = scanScheduler.newScheduler(
                "test-first", 4, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ZERO);
        first.start();
        started.add(first);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        jdbc.queryForObject("select count(*) from check_run where domain_id = ?", Integer.class, id)
                                == 1);
        first.stop();
        started.remove(first);
        assertThat(finishedRuns(id)).isZero();

        start("second");
        await().atMost(Duration.ofSeconds(40))
                .until(() -> jdbc.queryForObject(
                                "select state from scan_run_item where scan_run_id = ?", String.class, run)
                        .equals("DONE"));
        assertThat(jdbc.queryForObject(
                        "select scheduler from check_run where domain_id = ? and finished_at is not null",
                        String.class,
                        id))
                .isEqualTo("test-second");
    }

    private int finishedRuns(long domainId) {
        return jdbc.queryForObject(
                "select count(*) from check_run where domain_id = ? and finished_at is not null",
                Integer.class,
                domainId);
    }

    private Scheduler start(String name) {
        Scheduler s = scanScheduler.newScheduler("test-" + name, 4, Duration.ofMillis(100), Duration.ofMillis(200));
        s.start();
        started.add(s);
        return s;
    }
}
