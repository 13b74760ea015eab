package dev.mailward.scanning;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of db-scheduler's {@code scheduled_tasks}, the schedule of each domain ({@code scan-domain/<id>}). */
@Repository
class ScheduleStore {

    private final JdbcClient jdbc;

    ScheduleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The due time of the domain's task instance. */
    Optional<Instant> nextScan(long domainId) {
        return jdbc.sql("select execution_time from scheduled_tasks where task_name = ? and task_instance = ?")
                .params(ScanTasks.SCAN_DOMAIN, Long.toString(domainId))
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }
}
