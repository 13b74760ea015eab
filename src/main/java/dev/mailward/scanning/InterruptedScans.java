package dev.mailward.scanning;

import dev.mailward.results.Results;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a console that died mid-scan left behind, cleaned up when scanning starts: the domain
 * scans it had picked are released and put at the head of the queue (ahead of scheduled work that
 * fell due meanwhile), the "scan now" items it was running wait again (their scan runs go on),
 * and its engine runs without an end are closed with status {@code INTERRUPTED}.
 *
 * <p>Only a console that is gone is cleaned up after: one whose heartbeat is older than four
 * heartbeat intervals (db-scheduler's own test for a dead execution, so another live console on
 * the same database is never touched), or any, when this console alone uses the database (its own
 * embedded server: whoever picked work in it was an earlier run of this console).
 */
@Component
class InterruptedScans {

    /** db-scheduler's missed-heartbeats limit, as {@link ScanScheduler} configures it. */
    static final int MISSED_HEARTBEATS = 4;

    private static final Logger log = LoggerFactory.getLogger(InterruptedScans.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Results results;

    InterruptedScans(JdbcClient jdbc, TransactionTemplate tx, Results results) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.results = results;
    }

    /** What was cleaned up: engine runs closed, domains queued first. */
    record Recovered(int closedRuns, List<Long> requeued) {}

    /**
     * Cleans up after consoles that are gone.
     *
     * @param exclusive this console alone uses the database: every picked scan is an earlier run's
     * @param heartbeat the scheduler's heartbeat interval
     */
    Recovered recover(boolean exclusive, Duration heartbeat, Instant now) {
        Timestamp stale = Timestamp.from(now.minus(heartbeat.multipliedBy(MISSED_HEARTBEATS)));
        Timestamp at = Timestamp.from(now);
        Recovered r = tx.execute(s -> {
            // the head of the queue: before every waiting scan, and not in the future
            Timestamp first = jdbc.sql("select least(coalesce(min(execution_time), ?), ?) - interval '1 second' "
                            + "from scheduled_tasks where task_name = ? and not picked")
                    .params(at, at, ScanTasks.SCAN_DOMAIN)
                    .query(Timestamp.class)
                    .single();
            List<Long> released = jdbc.sql("""
                    update scheduled_tasks set picked = false, picked_by = null, last_heartbeat = null,
                           version = version + 1, execution_time = ?
                    where task_name = ? and picked and (? or last_heartbeat is null or last_heartbeat < ?)
                    returning cast(task_instance as bigint)""")
                    .params(first, ScanTasks.SCAN_DOMAIN, exclusive, stale)
                    .query(Long.class)
                    .list();
            // an engine run is live only while its scheduler holds the domain's scan
            Map<Long, String> live = new HashMap<>();
            jdbc.sql("select cast(task_instance as bigint), picked_by from scheduled_tasks where task_name = ? "
                            + "and picked")
                    .param(ScanTasks.SCAN_DOMAIN)
                    .query(rs -> {
                        live.put(rs.getLong(1), rs.getString(2));
                    });
            int closed = results.interruptUnfinishedRuns(live);
            List<Long> waiting = jdbc.sql("""
                    update scan_run_item i set state = 'PENDING', updated_at = ?
                    where i.state = 'RUNNING' and not exists (
                        select 1 from scheduled_tasks t where t.task_name = ? and t.picked
                        and t.task_instance = cast(i.domain_id as text))
                    returning i.domain_id""")
                    .params(at, ScanTasks.SCAN_DOMAIN)
                    .query(Long.class)
                    .list();
            if (!waiting.isEmpty()) {
                jdbc.sql("update scheduled_tasks set execution_time = ? where task_name = ? and not picked "
                                + "and task_instance = any(?)")
                        .params(
                                first,
                                ScanTasks.SCAN_DOMAIN,
                                waiting.stream().map(String::valueOf).toArray(String[]::new))
                        .update();
            }
            List<Long> requeued = java.util.stream.Stream.concat(released.stream(), waiting.stream())
                    .distinct()
                    .sorted()
                    .toList();
            return new Recovered(closed, requeued);
        });
        if (r != null && (r.closedRuns() > 0 || !r.requeued().isEmpty())) {
            log.info(
                    "Closed {} scans left running by a console that stopped; {} domains queued first: {}",
                    r.closedRuns(),
                    r.requeued().size(),
                    r.requeued().stream().limit(20).toList());
        }
        return r == null ? new Recovered(0, List.of()) : r;
    }
}
