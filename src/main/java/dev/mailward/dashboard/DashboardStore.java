package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.mitigations.MitigationStatus;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the read model. Reads are shaped for the pages and scoped by {@code teams} ({@code null} =
 * every team, for admins). Other modules' rows are read only through the views they publish: the
 * inventory's {@code inventory_domain_v} (names, teams, tags) and the results module's
 * {@code results_run_v} and {@code results_exception_v} (for {@link #stale}) and {@code results_current_v}
 * (the certificate verdicts); team names come from the accounts facade.
 */
@Repository
class DashboardStore {

    /**
     * The conditions on domain {@code d} of a scope, narrowed by team and tag: only those that apply. Optional
     * parameters as {@code (cast(:x as ...) is null or ...)} would cost every query its best plan: a pooled
     * connection reuses a generic plan for a statement after five executions, and a generic plan cannot drop
     * the branches, so an index-ordered {@code limit 50} became a sort of every domain.
     */
    private static String where(Scope scope) {
        StringBuilder sql = new StringBuilder("true");
        if (scope.teams() != null) {
            sql.append(" and d.team_id = any(:teams)");
        }
        if (scope.team().isPresent()) {
            sql.append(" and d.team_id = :team");
        }
        if (scope.tag().isPresent()) {
            sql.append(" and d.tags @> array[cast(:tag as text)]");
        }
        return sql.append(' ').toString();
    }

    /** The matrix filter over the status letters (see {@link StatusLetters#pattern}), when there is one. */
    private static String matching(String pattern) {
        return pattern.isEmpty() ? "" : "and coalesce(s.statuses, '" + StatusLetters.NONE + "') ~ :pattern ";
    }

    private final JdbcClient jdbc;

    DashboardStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A scope: the user's teams ({@code null} for every team), and the page's team and tag filters. */
    record Scope(Long[] teams, Optional<Long> team, Optional<String> tag) {}

    /** The statement with the scope's parameters bound (those its {@link #where} does not use are ignored). */
    private JdbcClient.StatementSpec scoped(String sql, Scope scope) {
        return jdbc.sql(sql)
                .param("teams", scope.teams(), Types.ARRAY)
                .param("team", scope.team().orElse(null), Types.BIGINT)
                .param("tag", scope.tag().orElse(null), Types.VARCHAR);
    }

    // ------------------------------------------------------------------ writes

    void saveScore(long domainId, OptionalInt score, String statuses, Optional<Instant> resultsAt, Instant now) {
        jdbc.sql(
                        "insert into domain_score (domain_id, score, statuses, results_at, computed_at) values (?, ?, ?, ?, ?) "
                                + "on conflict (domain_id) do update set score = excluded.score, statuses = excluded.statuses, "
                                + "results_at = excluded.results_at, computed_at = excluded.computed_at")
                .params(
                        domainId,
                        score.isPresent() ? score.getAsInt() : null,
                        statuses,
                        resultsAt.map(Timestamp::from).orElse(null),
                        Timestamp.from(now))
                .update();
    }

    void saveDaily(long domainId, LocalDate day, int score) {
        jdbc.sql(
                        "insert into domain_score_daily (domain_id, day, team_id, score) "
                                + "select id, ?, team_id, ? from inventory_domain_v where id = ? "
                                + "on conflict (domain_id, day) do update set score = excluded.score, team_id = excluded.team_id")
                .params(day, score, domainId)
                .update();
    }

    boolean hasDailyBefore(long domainId, LocalDate day) {
        return jdbc.sql("select exists (select 1 from domain_score_daily where domain_id = ? and day < ?)")
                .params(domainId, day)
                .query(Boolean.class)
                .single();
    }

    void replaceCertificates(long domainId, List<SeenCertificate> certificates) {
        jdbc.sql("delete from certificate_seen where domain_id = ?")
                .param(domainId)
                .update();
        if (certificates.isEmpty()) {
            return;
        }
        int n = certificates.size();
        String[] targets = new String[n];
        Integer[] positions = new Integer[n];
        String[] sha256 = new String[n];
        String[] subjects = new String[n];
        String[] issuers = new String[n];
        String[] notBefore = new String[n];
        String[] notAfter = new String[n];
        for (int i = 0; i < n; i++) {
            SeenCertificate c = certificates.get(i);
            targets[i] = c.target();
            positions[i] = c.position();
            sha256[i] = c.sha256();
            subjects[i] = c.subject();
            issuers[i] = c.issuer();
            notBefore[i] = c.notBefore().toString();
            notAfter[i] = c.notAfter().toString();
        }
        // one statement for all of them: a domain's refresh is a handful of round trips, not one per row
        jdbc.sql("insert into certificate_seen (domain_id, target, position, sha256, subject, issuer, not_before, "
                        + "not_after) select :domain, t, p, h, s, i, cast(b as timestamptz), cast(a as timestamptz) "
                        + "from unnest(cast(:targets as text[]), cast(:positions as int[]), cast(:sha256 as text[]), "
                        + "cast(:subjects as text[]), cast(:issuers as text[]), cast(:before as text[]), "
                        + "cast(:after as text[])) as x (t, p, h, s, i, b, a) on conflict do nothing")
                .param("domain", domainId)
                .param("targets", targets, java.sql.Types.ARRAY)
                .param("positions", positions, java.sql.Types.ARRAY)
                .param("sha256", sha256, java.sql.Types.ARRAY)
                .param("subjects", subjects, java.sql.Types.ARRAY)
                .param("issuers", issuers, java.sql.Types.ARRAY)
                .param("before", notBefore, java.sql.Types.ARRAY)
                .param("after", notAfter, java.sql.Types.ARRAY)
                .update();
    }

    void deleteScore(long domainId) {
        jdbc.sql("delete from domain_score where domain_id = ?").param(domainId).update();
        jdbc.sql("delete from certificate_seen where domain_id = ?")
                .param(domainId)
                .update();
        jdbc.sql("delete from domain_problem where domain_id = ?")
                .param(domainId)
                .update();
    }

    /** A certificate of a result's evidence, bounded to the column sizes. */
    record SeenCertificate(
            String target,
            int position,
            String sha256,
            String subject,
            String issuer,
            Instant notBefore,
            Instant notAfter) {}

    /**
     * Domains whose score is older than their results or their exceptions, or was computed before
     * today (exceptions expire, and each day needs its trend point); at most {@code limit}.
     */
    List<Long> stale(int limit) {
        return jdbc.sql("""
                select d.id from inventory_domain_v d left join domain_score s on s.domain_id = d.id
                where (s.domain_id is null and exists (select 1 from results_run_v r where r.domain_id = d.id
                                                          and r.finished_at is not null))
                   or (s.domain_id is not null and (
                        s.computed_at < date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
                        or exists (select 1 from results_run_v r where r.domain_id = d.id
                                     and r.started_at > s.computed_at - interval '1 day'
                                     and r.finished_at > s.computed_at)
                        or exists (select 1 from results_exception_v e where e.domain_id = d.id
                                     and (e.created_at > s.computed_at or e.revoked_at > s.computed_at))))
                order by d.id limit ?
                """).param(limit).query(Long.class).list();
    }

    // ------------------------------------------------------------------ portfolio

    /** Score and statuses of every domain in scope (the statuses are {@code null} before the first scan). */
    void eachScore(Scope scope, BiConsumer<Integer, String> row) {
        scoped(
                        "select s.score, s.statuses from inventory_domain_v d left join domain_score s on s.domain_id = d.id "
                                + "where "
                                + where(scope),
                        scope)
                .query(rs -> {
                    int score = rs.getInt(1);
                    row.accept(rs.wasNull() ? null : score, rs.getString(2));
                });
    }

    /**
     * One page of the matrix: {@code limit} rows from {@code offset} in the sort order. No total here: a
     * {@code count(*) over ()} would join and sort every domain in scope for every page (see {@link #count}).
     */
    List<Portfolio.Row> matrix(
            Scope scope,
            String pattern,
            PortfolioFilter.Sort sort,
            int offset,
            int limit,
            LongFunction<String> teamName) {
        String order = switch (sort) {
            case NAME -> "d.a_label";
            case NAME_DESC -> "d.a_label desc";
            case SCORE -> "s.score nulls first, d.a_label";
            case SCORE_DESC -> "s.score desc nulls last, d.a_label";
        };
        return scoped(
                        "select d.id, d.a_label, d.u_label, d.team_id, d.tags, s.score, s.statuses "
                                + "from inventory_domain_v d "
                                + "left join domain_score s on s.domain_id = d.id where " + where(scope)
                                + matching(pattern)
                                + "order by " + order + " offset :offset limit :limit",
                        scope)
                .param("pattern", pattern)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> {
                    int score = rs.getInt(6);
                    OptionalInt s = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(score);
                    String letters = rs.getString(7);
                    return new Portfolio.Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            teamName.apply(rs.getLong(4)),
                            strings(rs.getArray(5)),
                            s,
                            StatusLetters.decode(letters),
                            letters != null);
                })
                .list();
    }

    /** How many domains in scope match the pattern (all of them for an empty one). */
    long count(Scope scope, String pattern) {
        return scoped(
                        "select count(*) from inventory_domain_v d left join domain_score s on s.domain_id = d.id where "
                                + where(scope) + matching(pattern),
                        scope)
                .param("pattern", pattern)
                .query(Long.class)
                .single();
    }

    /** The average score per day since {@code from} (index-only over {@code domain_score_daily}). */
    List<Portfolio.TrendPoint> trend(Scope scope, LocalDate from) {
        return jdbc.sql("select x.day, avg(x.score)::float8, count(*) from domain_score_daily x "
                        + "where x.day >= :from "
                        + (scope.teams() == null ? "" : "and x.team_id = any(:teams) ")
                        + (scope.team().isEmpty() ? "" : "and x.team_id = :team ")
                        + (scope.tag().isEmpty()
                                ? ""
                                : "and x.domain_id in "
                                        + "(select d.id from inventory_domain_v d where d.tags @> array[cast(:tag as text)]) ")
                        + "group by x.day order by x.day")
                .param("teams", scope.teams(), Types.ARRAY)
                .param("team", scope.team().orElse(null), Types.BIGINT)
                .param("tag", scope.tag().orElse(null), Types.VARCHAR)
                .param("from", from)
                .query((rs, n) ->
                        new Portfolio.TrendPoint(rs.getObject(1, LocalDate.class), rs.getDouble(2), rs.getInt(3)))
                .list();
    }

    List<Portfolio.TrendPoint> domainTrend(long domainId, LocalDate from) {
        return jdbc.sql("select day, score from domain_score_daily where domain_id = ? and day >= ? order by day")
                .params(domainId, from)
                .query((rs, n) -> new Portfolio.TrendPoint(rs.getObject(1, LocalDate.class), rs.getInt(2), 1))
                .list();
    }

    // ------------------------------------------------------------------ one domain

    // ------------------------------------------------------------------ one mitigation

    void eachStatusOf(Scope scope, Mitigation m, BiConsumer<MitigationStatus, Integer> row) {
        scoped(
                        "select substr(coalesce(s.statuses, '" + StatusLetters.NONE + "'), :pos, 1), count(*) "
                                + "from inventory_domain_v d "
                                + "left join domain_score s on s.domain_id = d.id where " + where(scope) + "group by 1",
                        scope)
                .param("pos", StatusLetters.position(m) + 1)
                .query(rs -> {
                    String l = rs.getString(1);
                    row.accept(StatusLetters.status(l.isEmpty() ? 'M' : l.charAt(0)), rs.getInt(2));
                });
    }

    /**
     * A page of the domains where {@code m} fails, errs or warns, failures first, each with its top finding
     * for {@code m}: the worst of its problems of the mitigation (then by check, target and code) that no
     * accepted exception covers, read from {@code domain_problem} (written with the score) for the page's rows.
     */
    List<MitigationDomains.Row> notPassing(
            Scope scope, Mitigation m, int offset, int limit, LongFunction<String> teamName) {
        return scoped(
                        "select p.id, p.a_label, p.u_label, p.team_id, p.l, p.score, t.code, t.status, t.message "
                                + "from (select d.id, d.a_label, d.u_label, d.team_id, substr(s.statuses, :pos, 1) as l, "
                                + "coalesce(s.score, -1) as score, "
                                + "case substr(s.statuses, :pos, 1) when 'F' then 0 when 'E' then 1 else 2 end as rank "
                                + "from inventory_domain_v d "
                                + "join domain_score s on s.domain_id = d.id where " + where(scope)
                                + "and substr(s.statuses, :pos, 1) in ('F', 'E', 'W') "
                                + "order by rank, d.a_label offset :offset limit :limit) p "
                                + "left join lateral (select dp.code, dp.status, dp.message from domain_problem dp "
                                + "where dp.domain_id = p.id and dp.mitigation = :mitigation "
                                + "order by dp.status, dp.check_id, dp.target, dp.code limit 1) t on true "
                                + "order by p.rank, p.a_label",
                        scope)
                .param("pos", StatusLetters.position(m) + 1)
                .param("mitigation", m.id())
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> {
                    String code = rs.getString(7);
                    Optional<MitigationDomains.TopFinding> top = code == null
                            ? Optional.empty()
                            : Optional.of(new MitigationDomains.TopFinding(
                                    code, FixFirst.status(rs.getInt(8)), rs.getString(9)));
                    return new MitigationDomains.Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            teamName.apply(rs.getLong(4)),
                            StatusLetters.status(rs.getString(5).charAt(0)),
                            rs.getInt(6),
                            top);
                })
                .list();
    }

    // ------------------------------------------------------------------ fix this first

    /**
     * A problem of a domain's current results: a finding that fails, errs or warns and no exception covers.
     *
     * @param status {@code FAIL}, {@code ERROR} or {@code WARN}
     * @param mitigation the mitigation id
     * @param weight the mitigation's catalogue weight
     */
    record Problem(
            String check, String target, String code, Status status, String mitigation, int weight, String message) {

        FixFirst.Cause cause() {
            return new FixFirst.Cause(check, target, code);
        }
    }

    /** Replaces the domain's rows of {@code domain_problem} (one per check, target and code). */
    void replaceProblems(long domainId, List<Problem> problems) {
        jdbc.sql("delete from domain_problem where domain_id = ?")
                .param(domainId)
                .update();
        if (problems.isEmpty()) {
            return;
        }
        int n = problems.size();
        String[] checks = new String[n];
        String[] targets = new String[n];
        String[] codes = new String[n];
        Long[] causes = new Long[n];
        Integer[] statuses = new Integer[n];
        String[] mitigations = new String[n];
        Integer[] weights = new Integer[n];
        String[] messages = new String[n];
        Boolean[] own = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Problem p = problems.get(i);
            checks[i] = p.check();
            targets[i] = p.target();
            codes[i] = p.code();
            causes[i] = p.cause().hash();
            statuses[i] = FixFirst.rank(p.status());
            mitigations[i] = p.mitigation();
            weights[i] = p.weight();
            messages[i] = p.message();
            own[i] = FixFirst.OWN_CHECKS.contains(p.check());
        }
        jdbc.sql("insert into domain_problem (domain_id, check_id, target, code, cause, status, mitigation, weight, "
                        + "message, own) select :domain, c, t, k, h, s, m, w, x, o from unnest(cast(:checks as text[]), "
                        + "cast(:targets as text[]), cast(:codes as text[]), cast(:causes as bigint[]), "
                        + "cast(:statuses as int[]), cast(:mitigations as text[]), cast(:weights as int[]), "
                        + "cast(:messages as text[]), cast(:own as boolean[])) as u (c, t, k, h, s, m, w, x, o) "
                        + "on conflict do nothing")
                .param("domain", domainId)
                .param("checks", checks, java.sql.Types.ARRAY)
                .param("targets", targets, java.sql.Types.ARRAY)
                .param("codes", codes, java.sql.Types.ARRAY)
                .param("causes", causes, java.sql.Types.ARRAY)
                .param("statuses", statuses, java.sql.Types.ARRAY)
                .param("mitigations", mitigations, java.sql.Types.ARRAY)
                .param("weights", weights, java.sql.Types.ARRAY)
                .param("messages", messages, java.sql.Types.ARRAY)
                .param("own", own, java.sql.Types.ARRAY)
                .update();
    }

    /**
     * One page of the fleet's "fix this first" list in scope, in {@link FixFirst}'s order (ties by cause). The
     * {@code domain_problem} rows are grouped by their integer {@code cause} (status, weight and the number of
     * domains are integers too: 100,000 domains' rows group without a string key); only the page's items read
     * their texts and their first {@code shown} domains, through the cause index.
     */
    FixFirst fixFirst(Scope scope, int offset, int limit, int shown) {
        String scoped = where(scope);
        // the domains' own causes are not grouped: one row is one item (see FixFirst#OWN_CHECKS)
        String join = scoped.equals("true ")
                ? "where "
                : "join inventory_domain_v d on d.id = p.domain_id where " + scoped + "and ";
        long[] total = {0};
        List<FixFirst.Item> items = scoped(
                        "with shared as (select p.cause, min(p.status) as status, max(p.weight) as weight, "
                                + "count(*) as domains from domain_problem p " + join + "not p.own group by p.cause), "
                                + "own as (select p.cause, p.status, p.weight, 1::bigint as domains from domain_problem p "
                                + join + "p.own order by p.status, p.weight desc, p.cause limit :first), "
                                + "top as (select x.*, (select count(*) from shared) + (select count(*) from domain_problem p "
                                + join + "p.own) as total from (select * from shared union all select * from own) x "
                                + "order by x.status, x.weight * x.domains desc, x.weight desc, x.cause "
                                + "offset :offset limit :limit) "
                                + "select t.status, t.weight, t.domains, t.total, s.check_id, s.target, s.code, "
                                + "s.mitigation, s.message, s.ids, s.names from top t cross join lateral ("
                                + "select (array_agg(y.check_id))[1] as check_id, (array_agg(y.target))[1] as target, "
                                + "(array_agg(y.code))[1] as code, (array_agg(y.mitigation))[1] as mitigation, "
                                + "(array_agg(y.message))[1] as message, array_agg(y.id) as ids, "
                                + "array_agg(y.name) as names from (select q.check_id, q.target, q.code, q.mitigation, "
                                + "q.message, d.id, coalesce(d.u_label, d.a_label) as name from domain_problem q "
                                + "join inventory_domain_v d on d.id = q.domain_id where q.cause = t.cause and "
                                + scoped + "order by q.status, d.a_label limit :shown) y) s "
                                + "order by t.status, t.weight * t.domains desc, t.weight desc, t.cause",
                        scope)
                .param("offset", offset)
                .param("limit", limit)
                .param("first", offset + limit)
                .param("shown", shown)
                .query((rs, n) -> {
                    total[0] = rs.getLong(4);
                    Long[] ids = (Long[]) rs.getArray(10).getArray();
                    List<String> names = strings(rs.getArray(11));
                    List<FixFirst.DomainRef> refs = new java.util.ArrayList<>();
                    for (int i = 0; i < ids.length; i++) {
                        refs.add(new FixFirst.DomainRef(ids[i], names.get(i)));
                    }
                    return new FixFirst.Item(
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            FixFirst.status(rs.getInt(1)),
                            Mitigation.fromId(rs.getString(8)),
                            rs.getString(9),
                            rs.getInt(2),
                            rs.getLong(3),
                            refs);
                })
                .list();
        if (items.isEmpty() && offset > 0) {
            total[0] = scoped("select count(distinct p.cause) from domain_problem p " + join + "true", scope)
                    .query(Long.class)
                    .single();
        }
        return new FixFirst(items, total[0]);
    }

    /**
     * For each cause of the domain's stored problems, how many domains in scope share it (the domain
     * itself included).
     */
    Map<Long, Long> sharedCauses(Scope scope, long domainId) {
        Map<Long, Long> out = new java.util.HashMap<>();
        scoped(
                        "select p.cause, count(*) from domain_problem p "
                                + "join inventory_domain_v d on d.id = p.domain_id where " + where(scope)
                                + "and p.cause in (select cause from domain_problem where domain_id = :domain) "
                                + "group by p.cause",
                        scope)
                .param("domain", domainId)
                .query(rs -> {
                    out.put(rs.getLong(1), rs.getLong(2));
                });
        return out;
    }

    // ------------------------------------------------------------------ certificates

    /**
     * One page of the servers' own certificates in scope (chain position 0), one per SHA-256, soonest
     * expiry first, each with up to {@code perCertificate} of the endpoints presenting it and the
     * verdict of each endpoint's {@code certificate} result (the results module's current result:
     * its status and the codes and statuses of its certificate findings). The verdict is read, not
     * judged again here.
     */
    List<PresentedCertificate> certificates(Scope scope, int offset, int limit, int perCertificate) {
        String scoped = where(scope);
        return scoped(
                        "with page as (select c.sha256, min(c.not_after) as first_after, count(*) as endpoints "
                                + "from certificate_seen c join inventory_domain_v d on d.id = c.domain_id "
                                + "where " + scoped + "and c.position = 0 group by c.sha256 "
                                + "order by min(c.not_after), c.sha256 offset :offset limit :limit), "
                                + "presented as (select c.sha256, c.subject, c.issuer, c.not_after, c.domain_id, "
                                + "d.a_label, c.target, r.status, "
                                + "(select string_agg((f ->> 'code') || '=' || (f ->> 'status'), ',') "
                                + "from jsonb_array_elements(case when jsonb_typeof(r.findings) = 'array' "
                                + "then r.findings else '[]'::jsonb end) f) as verdicts, "
                                + "row_number() over (partition by c.sha256 order by d.a_label, c.target) as n "
                                + "from page p join certificate_seen c on c.sha256 = p.sha256 and c.position = 0 "
                                + "join inventory_domain_v d on d.id = c.domain_id "
                                + "left join results_current_v r on r.domain_id = c.domain_id "
                                + "and r.check_id = 'certificate' and r.target = c.target "
                                + "where " + scoped + ") "
                                + "select x.sha256, x.subject, x.issuer, x.not_after, x.domain_id, x.a_label, x.target, "
                                + "x.status, x.verdicts, p.endpoints from presented x join page p on p.sha256 = x.sha256 "
                                + "where x.n <= :per order by p.first_after, x.sha256, x.n",
                        scope)
                .param("offset", offset)
                .param("limit", limit)
                .param("per", perCertificate)
                .query((rs, n) -> new PresentedCertificate(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7),
                        Optional.ofNullable(rs.getString(8)),
                        Optional.ofNullable(rs.getString(9)).orElse(""),
                        rs.getLong(10)))
                .list();
    }

    /**
     * One endpoint presenting a certificate, with its certificate result's status and findings
     * ({@code CODE=STATUS,...}; empty when there is no such result).
     */
    record PresentedCertificate(
            String sha256,
            String subject,
            String issuer,
            Instant notAfter,
            long domainId,
            String domain,
            String target,
            Optional<String> status,
            String verdicts,
            long endpoints) {}

    /** How many distinct server certificates (by SHA-256) are in scope. */
    long certificateCount(Scope scope) {
        return scoped(
                        "select count(distinct c.sha256) from certificate_seen c join inventory_domain_v d "
                                + "on d.id = c.domain_id where " + where(scope) + "and c.position = 0",
                        scope)
                .query(Long.class)
                .single();
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
