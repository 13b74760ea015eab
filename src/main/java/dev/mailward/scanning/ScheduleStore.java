package dev.mailward.scanning;

import java.time.Instant;
import java.util.List;
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

    /**
     * The next scheduled checks of the domains of {@code teamIds} ({@code null}: every domain), soonest first: one
     * task instance per domain, each covering that domain.
     */
    List<ScheduledScan> upcoming(Long[] teamIds, int limit) {
        return jdbc.sql("select d.id, coalesce(d.u_label, d.a_label), t.execution_time, d.check_interval "
                        + "from scheduled_tasks t join inventory_domain_v d on t.task_instance = cast(d.id as text) "
                        + "where t.task_name = :task and (cast(:teams as bigint[]) is null or d.team_id = any(:teams)) "
                        + "order by t.execution_time, d.id limit :limit")
                .param("task", ScanTasks.SCAN_DOMAIN)
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("limit", limit)
                .query((rs, n) -> new ScheduledScan(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4)))
                .list();
    }

    /** How many domains of {@code teamIds} ({@code null}: every domain) have a schedule. */
    long scheduled(Long[] teamIds) {
        return jdbc.sql("select count(*) from scheduled_tasks t join inventory_domain_v d "
                        + "on t.task_instance = cast(d.id as text) where t.task_name = :task "
                        + "and (cast(:teams as bigint[]) is null or d.team_id = any(:teams))")
                .param("task", ScanTasks.SCAN_DOMAIN)
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .query(Long.class)
                .single();
    }
}
