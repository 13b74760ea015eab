package dev.mailward.results;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.ResultsJson;
import dev.mailward.checks.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code check_run}, {@code check_result} (append-only), {@code current_result} and
 * {@code change_event}. SQL: the history is written in bulk and read as page-shaped read models. The
 * domains' names and teams come from the inventory's published view {@code inventory_domain_v}.
 */
@Repository
class ResultStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String RESULT_COLUMNS =
            "run_id, domain_id, check_id, target, status, findings::text, evidence::text, checked_at, elapsed_ms";

    private final JdbcClient jdbc;

    ResultStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long startRun(long domainId, ScanTrigger trigger, Instant startedAt, String scheduler) {
        return jdbc.sql("insert into check_run (domain_id, trigger, started_at, scheduler) values (?, ?, ?, ?) "
                        + "returning id")
                .params(domainId, trigger.name(), Timestamp.from(startedAt), abbreviate(scheduler, 128))
                .query(Long.class)
                .single();
    }

    void finishRun(long runId, Instant finishedAt, Status status) {
        jdbc.sql("update check_run set finished_at = ?, status = ? where id = ?")
                .params(Timestamp.from(finishedAt), status.name(), runId)
                .update();
    }

    /**
     * Appends one result, judged under {@code rulesVersion}, to the history and makes it the current one;
     * returns the history id.
     */
    long append(long runId, long domainId, CheckResult r, String dnsHash, int rulesVersion) {
        String findings = JSON.writeValueAsString(ResultsJson.findings(r.findings()));
        String evidence = JSON.writeValueAsString(ResultsJson.evidence(r.evidence()));
        Timestamp at = Timestamp.from(r.checkedAt());
        long id = jdbc.sql("insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, "
                        + "dns_hash, checked_at, elapsed_ms, rules_version) values (?, ?, ?, ?, ?, cast(? as jsonb), "
                        + "cast(? as jsonb), ?, ?, ?, ?) returning id")
                .params(
                        runId,
                        domainId,
                        r.check(),
                        abbreviate(r.target(), 512),
                        r.status().name(),
                        findings,
                        evidence,
                        dnsHash,
                        at,
                        r.elapsed().toMillis(),
                        rulesVersion)
                .query(Long.class)
                .single();
        jdbc.sql("insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms, rules_version) values (?, ?, ?, ?, ?, ?, "
                        + "cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?) on conflict (domain_id, check_id, target) do "
                        + "update set result_id = excluded.result_id, run_id = excluded.run_id, status = excluded.status, "
                        + "findings = excluded.findings, evidence = excluded.evidence, dns_hash = excluded.dns_hash, "
                        + "checked_at = excluded.checked_at, elapsed_ms = excluded.elapsed_ms, "
                        + "rules_version = excluded.rules_version")
                .params(
                        domainId,
                        r.check(),
                        abbreviate(r.target(), 512),
                        id,
                        runId,
                        r.status().name(),
                        findings,
                        evidence,
                        dnsHash,
                        at,
                        r.elapsed().toMillis(),
                        rulesVersion)
                .update();
        return id;
    }

    /**
     * Appends a run's results, judged under {@code rulesVersion}, to the history and makes them the current
     * ones, in one statement (a re-judge: no change detection, so no history ids are needed). Of two results
     * with one (check, target) the later becomes current, as with {@link #append}. A current result checked
     * later than the re-judged one (a scan that recorded while the re-judge ran) stays current: judging an
     * older observation again never replaces what a newer one showed.
     */
    void appendAll(long runId, long domainId, List<CheckResult> rs, int rulesVersion) {
        if (rs.isEmpty()) {
            return;
        }
        int n = rs.size();
        String[] checks = new String[n];
        String[] targets = new String[n];
        String[] statuses = new String[n];
        String[] findings = new String[n];
        String[] evidence = new String[n];
        String[] hashes = new String[n];
        String[] at = new String[n];
        Long[] elapsed = new Long[n];
        for (int i = 0; i < n; i++) {
            CheckResult r = rs.get(i);
            checks[i] = r.check();
            targets[i] = abbreviate(r.target(), 512);
            statuses[i] = r.status().name();
            findings[i] = JSON.writeValueAsString(ResultsJson.findings(r.findings()));
            evidence[i] = JSON.writeValueAsString(ResultsJson.evidence(r.evidence()));
            hashes[i] = ChangeDetector.dnsHash(r.evidence().dns());
            at[i] = r.checkedAt().toString();
            elapsed[i] = r.elapsed().toMillis();
        }
        jdbc.sql("""
                with r as (
                    select * from unnest(cast(:checks as text[]), cast(:targets as text[]), cast(:statuses as text[]),
                                         cast(:findings as text[]), cast(:evidence as text[]), cast(:hashes as text[]),
                                         cast(:at as text[]), cast(:elapsed as bigint[])) with ordinality
                        as t (check_id, target, status, findings, evidence, dns_hash, checked_at, elapsed_ms, n)
                ), ins as (
                    insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, dns_hash,
                                              checked_at, elapsed_ms, rules_version)
                    select :run, :domain, check_id, target, status, cast(findings as jsonb), cast(evidence as jsonb),
                           dns_hash, cast(checked_at as timestamptz), elapsed_ms, :rules
                    from r order by n
                    returning id, check_id, target, status, findings, evidence, dns_hash, checked_at, elapsed_ms
                )
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms, rules_version)
                select distinct on (check_id, target) :domain, check_id, target, id, :run, status, findings, evidence,
                       dns_hash, checked_at, elapsed_ms, :rules
                from ins order by check_id, target, id desc
                on conflict (domain_id, check_id, target) do update set result_id = excluded.result_id,
                    run_id = excluded.run_id, status = excluded.status, findings = excluded.findings,
                    evidence = excluded.evidence, dns_hash = excluded.dns_hash, checked_at = excluded.checked_at,
                    elapsed_ms = excluded.elapsed_ms, rules_version = excluded.rules_version
                where current_result.checked_at <= excluded.checked_at""")
                .param("checks", checks, java.sql.Types.ARRAY)
                .param("targets", targets, java.sql.Types.ARRAY)
                .param("statuses", statuses, java.sql.Types.ARRAY)
                .param("findings", findings, java.sql.Types.ARRAY)
                .param("evidence", evidence, java.sql.Types.ARRAY)
                .param("hashes", hashes, java.sql.Types.ARRAY)
                .param("at", at, java.sql.Types.ARRAY)
                .param("elapsed", elapsed, java.sql.Types.ARRAY)
                .param("run", runId)
                .param("domain", domainId)
                .param("rules", rulesVersion)
                .update();
    }

    /**
     * A current result as change detection compares it, with the rules version that judged it, its check and
     * target, and its history row.
     */
    record Recorded(ChangeDetector.Observed observed, int rulesVersion, String check, String target, long resultId) {}

    /** What was last recorded per (check, target) of a domain, for change detection. */
    Map<String, Recorded> observed(long domainId) {
        Map<String, Recorded> out = new java.util.HashMap<>();
        jdbc.sql("select check_id, target, status, findings::text, dns_hash, rules_version, result_id "
                        + "from current_result where domain_id = ?")
                .param(domainId)
                .query(rs -> {
                    List<Finding> findings = findings(rs.getString(4));
                    out.put(
                            key(rs.getString(1), rs.getString(2)),
                            new Recorded(
                                    new ChangeDetector.Observed(
                                            Status.valueOf(rs.getString(3)),
                                            ChangeDetector.codes(findings),
                                            rs.getString(5)),
                                    rs.getInt(6),
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getLong(7)));
                });
        return out;
    }

    /** Ends the current result of a target that is gone; its history stays. */
    void retire(long domainId, String check, String target) {
        jdbc.sql("delete from current_result where domain_id = ? and check_id = ? and target = ?")
                .params(domainId, check, target)
                .update();
    }

    // ------------------------------------------------------------------ stored observations

    /**
     * Stores the observation of a run ({@code body} JSON, or {@code null} with why it was skipped) and
     * deletes the domain's older ones: only the latest observation of a domain is kept.
     */
    void saveObservation(
            long runId,
            long domainId,
            Instant observedAt,
            int format,
            int rulesVersion,
            int sizeBytes,
            String body,
            String skipped) {
        jdbc.sql("insert into check_observation (run_id, domain_id, observed_at, format, rules_version, size_bytes, "
                        + "body, skipped) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        runId,
                        domainId,
                        Timestamp.from(observedAt),
                        format,
                        rulesVersion,
                        sizeBytes,
                        body,
                        skipped == null ? null : abbreviate(skipped, 200))
                .update();
        // keep the newest observation, not the last written: of two scans of a domain at once, the one that started
        // first may record last, and a re-judge of its older observation would never replace the newer results
        jdbc.sql(
                        "delete from check_observation where domain_id = ? and run_id <> (select run_id from check_observation "
                                + "where domain_id = ? order by observed_at desc, run_id desc limit 1)")
                .params(domainId, domainId)
                .update();
    }

    /** The body of the domain's latest stored observation; empty when there is none or it was skipped. */
    Optional<String> latestObservation(long domainId) {
        return jdbc.sql("select body from check_observation where domain_id = ? order by run_id desc limit 1")
                .param(domainId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(o -> o);
    }

    /** A domain to re-judge: its id, A-label and the run of its latest stored observation, if any. */
    record RejudgeTarget(long domainId, String domain, Optional<Long> observationRun) {}

    /** The next {@code limit} domains with an id above {@code afterId}, by id, each with its latest observation. */
    List<RejudgeTarget> rejudgeTargets(long afterId, int limit) {
        return jdbc.sql("select d.id, d.a_label, o.run_id from inventory_domain_v d left join lateral ("
                        + "select run_id, body is not null as stored from check_observation where domain_id = d.id "
                        + "order by run_id desc limit 1) o on o.stored where d.id > ? order by d.id limit ?")
                .params(afterId, limit)
                .query((rs, n) -> new RejudgeTarget(
                        rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getObject(3, Long.class))))
                .list();
    }

    /** The body of the observation of run {@code runId}; empty when it was skipped or is gone. */
    Optional<String> observationBody(long runId) {
        return jdbc.sql("select body from check_observation where run_id = ?")
                .param(runId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(o -> o);
    }

    /** Notes that the observation of run {@code runId} was judged again under {@code rulesVersion}. */
    void observationJudged(long runId, int rulesVersion) {
        jdbc.sql("update check_observation set rules_version = ? where run_id = ?")
                .params(rulesVersion, runId)
                .update();
    }

    static String key(String check, String target) {
        return check + "\u0000" + target;
    }

    List<StoredResult> current(long domainId) {
        return jdbc.sql("select result_id, " + RESULT_COLUMNS + " from current_result where domain_id = ? "
                        + "order by check_id, target")
                .param(domainId)
                .query(ResultStore::result)
                .list();
    }

    List<StoredResult> history(long domainId, Instant from, Instant to, int limit) {
        return jdbc.sql("select id, " + RESULT_COLUMNS + " from check_result where domain_id = ? and checked_at >= ? "
                        + "and checked_at < ? order by checked_at desc, id desc limit ?")
                .params(domainId, Timestamp.from(from), Timestamp.from(to), limit)
                .query(ResultStore::result)
                .list();
    }

    /** When the domain's last completed scan finished (a re-judge is no scan: nothing was observed). */
    Optional<Instant> lastFinished(long domainId) {
        return jdbc.sql("select max(finished_at) from check_run where domain_id = ? and trigger <> 'REJUDGE'")
                .param(domainId)
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    long insertChange(
            long domainId,
            String domain,
            String check,
            String target,
            ChangeDirection direction,
            ChangeDetector.Observed before,
            ChangeDetector.Observed after,
            long runId,
            long resultId,
            Instant at) {
        return jdbc.sql("insert into change_event (domain_id, domain_name, check_id, target, direction, old_status, "
                        + "new_status, old_codes, new_codes, dns_changed, run_id, result_id, detected_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")
                .params(
                        domainId,
                        domain,
                        check,
                        abbreviate(target, 512),
                        direction.name(),
                        before.status().name(),
                        after.status().name(),
                        before.codes().toArray(String[]::new),
                        after.codes().toArray(String[]::new),
                        !before.dnsHash().equals(after.dnsHash()),
                        runId,
                        resultId,
                        Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    /** Changes that made their domain worse or better ({@link ChangeDirection#worsens}, {@link ChangeDirection#improves}). */
    enum Trend {
        WORSE("((c.direction = 'WORSE' and c.old_status <> 'ERROR' and c.new_status <> 'ERROR') "
                + "or (c.direction = 'APPEARED' and c.new_status in ('WARN', 'FAIL')))"),
        BETTER("((c.direction = 'BETTER' and c.old_status <> 'ERROR' and c.new_status <> 'ERROR') "
                + "or (c.direction = 'DISAPPEARED' and c.old_status in ('WARN', 'FAIL')))");

        final String sql;

        Trend(String sql) {
            this.sql = sql;
        }
    }

    /**
     * A page of changes, newest first, of domains of {@code teamIds} ({@code null} = all teams).
     */
    List<ChangeEntry> changes(
            Long[] teamIds,
            Optional<String> domain,
            Optional<String> check,
            Optional<ChangeDirection> direction,
            Long[] runs,
            Optional<Trend> trend,
            int offset,
            int limit) {
        return jdbc.sql("select c.id, c.domain_id, c.domain_name, c.check_id, c.target, c.direction, c.old_status, "
                        + "c.new_status, c.old_codes, c.new_codes, c.dns_changed, c.detected_at from change_event c "
                        + "join inventory_domain_v d on d.id = c.domain_id "
                        + "where (cast(:teams as bigint[]) is null or d.team_id = any(:teams)) "
                        + "and (cast(:domain as text) is null or c.domain_name like :domain) "
                        + "and (cast(:check as text) is null or c.check_id = :check) "
                        + "and (cast(:direction as text) is null or c.direction = :direction) "
                        + "and (cast(:runs as bigint[]) is null or c.run_id = any(:runs)) "
                        + trend.map(t -> "and " + t.sql + " ").orElse("")
                        + "order by c.detected_at desc, c.id desc offset :offset limit :limit")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param(
                        "domain",
                        domain.map(d -> "%"
                                        + d.replace("\\", "\\\\")
                                                .replace("%", "\\%")
                                                .replace("_", "\\_") + "%")
                                .orElse(null),
                        java.sql.Types.VARCHAR)
                .param("check", check.orElse(null), java.sql.Types.VARCHAR)
                .param("direction", direction.map(Enum::name).orElse(null), java.sql.Types.VARCHAR)
                .param("runs", runs, java.sql.Types.ARRAY)
                .param("offset", offset)
                .param("limit", limit)
                .query(ResultStore::change)
                .list();
    }

    /** The changes of one domain detected since {@code from}, newest first, at most {@code limit}. */
    List<ChangeEntry> changesOf(long domainId, Instant from, int limit) {
        return jdbc.sql("select id, domain_id, domain_name, check_id, target, direction, old_status, new_status, "
                        + "old_codes, new_codes, dns_changed, detected_at from change_event "
                        + "where domain_id = ? and detected_at >= ? order by detected_at desc, id desc limit ?")
                .params(domainId, Timestamp.from(from), limit)
                .query(ResultStore::change)
                .list();
    }

    private static ChangeEntry change(ResultSet rs, int n) throws SQLException {
        return new ChangeEntry(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                ChangeDirection.valueOf(rs.getString(6)),
                Status.valueOf(rs.getString(7)),
                Status.valueOf(rs.getString(8)),
                strings(rs.getArray(9)),
                strings(rs.getArray(10)),
                rs.getBoolean(11),
                rs.getTimestamp(12).toInstant());
    }

    /**
     * Marks every engine run that never finished as {@code INTERRUPTED}, except the runs of the
     * schedulers in {@code live} (domain id → scheduler name) that still hold their domain's scan.
     */
    int interruptUnfinished(Map<Long, String> live) {
        List<Map.Entry<Long, String>> entries = List.copyOf(live.entrySet());
        return jdbc.sql("""
                update check_run r set status = 'INTERRUPTED'
                where r.finished_at is null and r.status is null and not exists (
                    select 1 from unnest(cast(? as bigint[]), cast(? as text[])) as l (domain_id, scheduler)
                    where l.domain_id = r.domain_id and l.scheduler = r.scheduler)""")
                .params(
                        entries.stream().map(Map.Entry::getKey).toArray(Long[]::new),
                        entries.stream().map(Map.Entry::getValue).toArray(String[]::new))
                .update();
    }

    /**
     * The domains of {@code /api/v1/results}: of these teams ({@code null}: every team), with these names
     * ({@code null}: any).
     */
    private static final String SCOPE = """
            (cast(:teams as bigint[]) is null or d.team_id = any(:teams))
            and (cast(:names as text[]) is null or d.a_label = any(:names) or lower(d.u_label) = any(:names))
            """;

    /** Whether the scope holds a domain at all. */
    boolean anyDomain(Long[] teamIds, String[] names) {
        return jdbc.sql("select exists (select 1 from inventory_domain_v d where " + SCOPE + ")")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("names", names, java.sql.Types.ARRAY)
                .query(Boolean.class)
                .single();
    }

    /**
     * A page of results (domain × check × target) of the scope's domains, ordered by domain, check
     * and target: the current ones, or as of {@code asOf} the latest per (check, target) checked at or
     * before it.
     */
    List<ReportedResult> page(Long[] teamIds, String[] names, Optional<Instant> asOf, int offset, int limit) {
        String sql;
        if (asOf.isEmpty()) {
            sql = "select d.a_label, r.check_id, r.target, r.status, r.findings::text, r.checked_at "
                    + "from inventory_domain_v d join current_result r on r.domain_id = d.id where " + SCOPE;
        } else {
            sql = "select d.a_label, r.check_id, r.target, r.status, r.findings::text, r.checked_at "
                    + "from inventory_domain_v d join lateral (select distinct on (c.check_id, c.target) c.check_id, "
                    + "c.target, c.status, c.findings, c.checked_at from check_result c where c.domain_id = d.id "
                    + "and c.checked_at <= :asOf order by c.check_id, c.target, c.checked_at desc, c.id desc) r "
                    + "on true where " + SCOPE;
        }
        JdbcClient.StatementSpec statement = jdbc.sql(
                        sql + " order by d.a_label, r.check_id, r.target " + "offset :offset limit :limit")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("names", names, java.sql.Types.ARRAY)
                .param("offset", offset)
                .param("limit", limit);
        if (asOf.isPresent()) {
            statement = statement.param("asOf", Timestamp.from(asOf.get()));
        }
        return statement
                .query((rs, n) -> new ReportedResult(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Status.valueOf(rs.getString(4)),
                        reportedFindings(rs.getString(5)),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** Deletes history, runs and changes older than {@code before}; the current state stays. */
    int deleteOlderThan(Instant before) {
        Timestamp t = Timestamp.from(before);
        int results = jdbc.sql("delete from check_result where checked_at < ?")
                .param(t)
                .update();
        jdbc.sql("delete from change_event where detected_at < ?").param(t).update();
        jdbc.sql("delete from check_run r where r.started_at < ? and not exists "
                        + "(select 1 from check_result c where c.run_id = r.id)")
                .param(t)
                .update();
        return results;
    }

    private static StoredResult result(ResultSet rs, int n) throws SQLException {
        return new StoredResult(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                Status.valueOf(rs.getString(6)),
                findings(rs.getString(7)),
                JSON.readValue(rs.getString(8), MAP),
                rs.getTimestamp(9).toInstant(),
                Duration.ofMillis(rs.getLong(10)));
    }

    private static List<Finding> findings(String json) {
        return JSON.readValue(json, LIST).stream()
                .map(m -> new Finding(
                        String.valueOf(m.get("code")),
                        Status.valueOf(String.valueOf(m.get("status"))),
                        String.valueOf(m.get("message")),
                        String.valueOf(m.get("mitigation"))))
                .toList();
    }

    /** Findings as the API reports them: a finding stored without a mitigation has an empty one. */
    private static List<Finding> reportedFindings(String json) {
        return JSON.readValue(json, LIST).stream()
                .map(m -> new Finding(
                        String.valueOf(m.get("code")),
                        Status.valueOf(String.valueOf(m.get("status"))),
                        String.valueOf(m.get("message")),
                        String.valueOf(m.getOrDefault("mitigation", ""))))
                .toList();
    }

    private static List<String> strings(java.sql.Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
