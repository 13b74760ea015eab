package dev.mailward.scanning;

import dev.mailward.results.RecordedRun;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code scan_run} and {@code scan_run_item}: what "scan now" asked for and how far it got. */
@Repository
class ScanRunStore {

    private final JdbcClient jdbc;

    ScanRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long create(String label, String actor, Instant at, List<Long> domainIds) {
        long id = jdbc.sql("insert into scan_run (label, requested_by, requested_at, total) values (?, ?, ?, ?) "
                        + "returning id")
                .params(label, actor, Timestamp.from(at), domainIds.size())
                .query(Long.class)
                .single();
        jdbc.sql("insert into scan_run_item (scan_run_id, domain_id, state, updated_at) "
                        + "select ?, unnest(?), 'PENDING', ?")
                .params(id, domainIds.toArray(Long[]::new), Timestamp.from(at))
                .update();
        return id;
    }

    /**
     * Claims the open items of a domain for the scan that starts now. Items left RUNNING belong to
     * a scan whose console died: only one scan of a domain runs at a time, so they are ours now.
     *
     * @return the scan runs of the claimed items (empty when none was open)
     */
    List<Long> claim(long domainId, Instant at) {
        return jdbc.sql("update scan_run_item set state = 'RUNNING', updated_at = ? where domain_id = ? "
                        + "and state in ('PENDING', 'RUNNING') returning scan_run_id")
                .params(Timestamp.from(at), domainId)
                .query(Long.class)
                .list();
    }

    /** Closes the domain's running items with the engine run and what it found. */
    void complete(long domainId, long checkRunId, RecordedRun found, Instant at) {
        jdbc.sql("update scan_run_item set state = 'DONE', check_run_id = ?, worse = ?, better = ?, errors = ?, "
                        + "updated_at = ? where domain_id = ? and state = 'RUNNING'")
                .params(checkRunId, found.worse(), found.better(), found.errors(), Timestamp.from(at), domainId)
                .update();
    }

    /** The engine runs of a scan's finished domains. */
    List<Long> checkRuns(long runId) {
        return jdbc.sql("select check_run_id from scan_run_item where scan_run_id = ? and check_run_id is not null")
                .param(runId)
                .query(Long.class)
                .list();
    }

    /**
     * What a scan found: its domains scanned, and of them those that got worse, better, and those with results that
     * could not be measured.
     */
    ScanSummary summary(long runId) {
        return jdbc.sql("select count(*) filter (where state = 'DONE'), count(*) filter (where worse > 0), "
                        + "count(*) filter (where better > 0), count(*) filter (where errors > 0) "
                        + "from scan_run_item where scan_run_id = ?")
                .param(runId)
                .query((rs, n) -> new ScanSummary(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
                .single();
    }

    /** The domains of a scan with what each one's scan found, by name; {@code errorsOnly}: those with errors. */
    List<ScanSummary.Domain> domains(long runId, boolean errorsOnly, int limit) {
        return jdbc.sql("select d.id, d.a_label, d.u_label, i.state, i.worse, i.better, i.errors from scan_run_item i "
                        + "join inventory_domain_v d on d.id = i.domain_id where i.scan_run_id = ? "
                        + "and (not ? or i.errors > 0) order by d.a_label limit ?")
                .params(runId, errorsOnly, limit)
                .query((rs, n) -> new ScanSummary.Domain(
                        rs.getLong(1),
                        rs.getString(3) == null ? rs.getString(2) : rs.getString(3),
                        rs.getString(4),
                        (Integer) rs.getObject(5),
                        (Integer) rs.getObject(6),
                        (Integer) rs.getObject(7)))
                .list();
    }

    boolean hasPending(long domainId) {
        return jdbc.sql("select exists (select 1 from scan_run_item where domain_id = ? and state = 'PENDING')")
                .param(domainId)
                .query(Boolean.class)
                .single();
    }

    /** Cancels what has not started; returns the domains that were waiting. */
    List<Long> cancel(long runId, String actor, Instant at) {
        jdbc.sql("update scan_run set cancelled_at = ?, cancelled_by = ? where id = ? and cancelled_at is null")
                .params(Timestamp.from(at), actor, runId)
                .update();
        return jdbc.sql("update scan_run_item set state = 'CANCELLED', updated_at = ? where scan_run_id = ? "
                        + "and state = 'PENDING' returning domain_id")
                .params(Timestamp.from(at), runId)
                .query(Long.class)
                .list();
    }

    Optional<ScanProgress> progress(long runId) {
        return jdbc.sql("select r.id, r.label, r.requested_by, r.requested_at, r.total, "
                        + "(select count(*) from scan_run_item i where i.scan_run_id = r.id and i.state = 'DONE'), "
                        + "(select count(*) from scan_run_item i where i.scan_run_id = r.id and i.state = 'CANCELLED'), "
                        + "array(select d.a_label from scan_run_item i join inventory_domain_v d on d.id = i.domain_id "
                        + "where i.scan_run_id = r.id and i.state = 'RUNNING' order by d.a_label limit 5), "
                        + "r.cancelled_at from scan_run r where r.id = ?")
                .param(runId)
                .query((rs, n) -> new ScanProgress(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        List.of((String[]) rs.getArray(8).getArray()),
                        Optional.ofNullable(rs.getTimestamp(9)).map(Timestamp::toInstant)))
                .optional();
    }

    /**
     * The run ids of the newest runs (at most {@code limit}) whose domains all belong to {@code teamIds}
     * ({@code null} = every run). A run that also covers another team's domains is not listed: its label,
     * requester and current domains are not the user's to see.
     */
    List<Long> recent(Long[] teamIds, int limit) {
        return jdbc.sql("select r.id from scan_run r where cast(:teams as bigint[]) is null or (exists ("
                        + "select 1 from scan_run_item i join inventory_domain_v d on d.id = i.domain_id "
                        + "where i.scan_run_id = r.id and d.team_id = any(:teams)) and not exists ("
                        + "select 1 from scan_run_item i join inventory_domain_v d on d.id = i.domain_id "
                        + "where i.scan_run_id = r.id and not d.team_id = any(:teams))) "
                        + "order by r.requested_at desc, r.id desc limit :limit")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** A page of the run ids that contain a domain of {@code teamIds} ({@code null} = every run), newest first. */
    List<Long> page(Long[] teamIds, int offset, int limit) {
        return jdbc.sql("select r.id from scan_run r where " + VISIBLE
                        + " order by r.requested_at desc, r.id desc offset :offset limit :limit")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("offset", offset)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** How many runs {@link #page} pages through. */
    long count(Long[] teamIds) {
        return jdbc.sql("select count(*) from scan_run r where " + VISIBLE)
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .query(Long.class)
                .single();
    }

    /** The number of domains per team in a run. */
    java.util.Map<Long, Integer> domainsPerTeam(long runId) {
        java.util.Map<Long, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("select d.team_id, count(*) from scan_run_item i join inventory_domain_v d on d.id = i.domain_id "
                        + "where i.scan_run_id = ? group by d.team_id")
                .param(runId)
                .query(rs -> {
                    counts.put(rs.getLong(1), rs.getInt(2));
                });
        return counts;
    }

    // every domain of the run in the teams, like ScanService.progress: a run listed can be opened
    private static final String VISIBLE = "(cast(:teams as bigint[]) is null or (exists (select 1 from scan_run_item i "
            + "join inventory_domain_v d on d.id = i.domain_id where i.scan_run_id = r.id and d.team_id = any(:teams)) "
            + "and not exists (select 1 from scan_run_item i join inventory_domain_v d on d.id = i.domain_id "
            + "where i.scan_run_id = r.id and d.team_id <> all(:teams))))";

    /** The teams of the domains in a run. */
    List<Long> teams(long runId) {
        return jdbc.sql("select distinct d.team_id from scan_run_item i "
                        + "join inventory_domain_v d on d.id = i.domain_id "
                        + "where i.scan_run_id = ?")
                .param(runId)
                .query(Long.class)
                .list();
    }

    /** The newest open run containing the domain. */
    Optional<Long> openRunOf(long domainId) {
        return jdbc.sql("select scan_run_id from scan_run_item where domain_id = ? and state in ('PENDING', 'RUNNING') "
                        + "order by scan_run_id desc limit 1")
                .param(domainId)
                .query(Long.class)
                .optional();
    }

    int deleteFinishedBefore(Instant before) {
        return jdbc.sql("delete from scan_run r where r.requested_at < ? and not exists (select 1 from scan_run_item i "
                        + "where i.scan_run_id = r.id and i.state in ('PENDING', 'RUNNING'))")
                .param(Timestamp.from(before))
                .update();
    }
}
