package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.accounts.TeamRef;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The retention job ({@code mailward.scanning.retention}, default 400 days) deletes history, changes
 * and finished scan runs older than the retention and keeps the current state and everything newer.
 */
class RetentionIntegrationTests extends ScanningTestSupport {

    @Autowired
    ScanTasks tasks;

    @Autowired
    ScanningProperties properties;

    @Test
    void deletesHistoryOlderThanTheRetentionAndKeepsCurrentStateAndNewerHistory() {
        TeamRef team = accounts.team("retention");
        String name = uniqueDomain("retention");
        long domain = domain(name, team, 1440, List.of());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(properties.retention()).minus(Duration.ofDays(3));
        Instant recent = now.minus(properties.retention()).plus(Duration.ofDays(3));

        long oldRun = checkRun(domain, old);
        long oldSpf = result(oldRun, domain, "spf", name, old);
        // the only result of the dkim check is old: it is history, but also still the current state
        long oldDkim = result(oldRun, domain, "dkim", name, old);
        current(domain, "dkim", name, oldDkim, oldRun, old);
        long newRun = checkRun(domain, recent);
        long newSpf = result(newRun, domain, "spf", name, recent);
        current(domain, "spf", name, newSpf, newRun, recent);
        long oldChange = change(domain, name, old);
        long newChange = change(domain, name, recent);
        long oldScan = scanRun(domain, old, "DONE");
        long oldOpenScan = scanRun(domain, old, "PENDING");
        long newScan = scanRun(domain, recent, "DONE");

        tasks.cleanUp(now);

        assertThat(ids("select id from check_result where domain_id = ?", domain))
                .containsExactly(newSpf)
                .doesNotContain(oldSpf, oldDkim);
        assertThat(ids("select id from check_run where domain_id = ?", domain)).containsExactly(newRun);
        assertThat(ids("select result_id from current_result where domain_id = ? order by check_id", domain))
                .containsExactly(oldDkim, newSpf);
        assertThat(ids("select id from change_event where domain_id = ?", domain))
                .containsExactly(newChange)
                .doesNotContain(oldChange);
        // a "scan now" that never finished is kept whatever its age: it still has work to resume
        assertThat(ids("select distinct scan_run_id from scan_run_item where domain_id = ? order by 1", domain))
                .containsExactly(oldOpenScan, newScan)
                .doesNotContain(oldScan);
    }

    @Test
    void retentionRunsAsADailyRecurringTask() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scheduled_tasks where task_name = ?",
                                Integer.class,
                                ScanTasks.RETENTION)
                        == 1);
        Timestamp next = jdbc.queryForObject(
                "select execution_time from scheduled_tasks where task_name = ?", Timestamp.class, ScanTasks.RETENTION);
        assertThat(Duration.between(Instant.now(), next.toInstant()))
                .isBetween(Duration.ZERO.minusMinutes(1), Duration.ofDays(1));
    }

    private List<Long> ids(String sql, long domain) {
        return jdbc.queryForList(sql, Long.class, domain);
    }

    private long checkRun(long domain, Instant at) {
        return jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'SCHEDULED', ?, ?, 'PASS') returning id",
                Long.class,
                domain,
                Timestamp.from(at),
                Timestamp.from(at.plusSeconds(5)));
    }

    private long result(long run, long domain, String check, String target, Instant at) {
        return jdbc.queryForObject(
                "insert into check_result (run_id, domain_id, check_id, target, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, 'PASS', '[]', '{}', '', ?, 3) "
                        + "returning id",
                Long.class,
                run,
                domain,
                check,
                target,
                Timestamp.from(at));
    }

    private void current(long domain, String check, String target, long resultId, long run, Instant at) {
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, 'PASS', '[]', '{}', '', ?, 3)",
                domain,
                check,
                target,
                resultId,
                run,
                Timestamp.from(at));
    }

    private long change(long domain, String name, Instant at) {
        return jdbc.queryForObject(
                "insert into change_event (domain_id, domain_name, check_id, target, direction, "
                        + "old_status, new_status, old_codes, new_codes, dns_changed, result_id, detected_at) values (?, ?, "
                        + "'spf', ?, 'BETTER', 'FAIL', 'PASS', '{}', '{}', false, 0, ?) returning id",
                Long.class,
                domain,
                name,
                name,
                Timestamp.from(at));
    }

    private long scanRun(long domain, Instant at, String state) {
        long id = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) "
                        + "values ('retention', 'test', ?, 1) returning id",
                Long.class,
                Timestamp.from(at));
        jdbc.update(
                "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, ?, ?)",
                id,
                domain,
                state,
                Timestamp.from(at));
        return id;
    }
}
