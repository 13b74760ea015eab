package dev.mailward.reports;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.results.AcceptedFinding;
import dev.mailward.results.ExceptionScope;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read model of the exports: the domains of a scope with their results at a point in time, read
 * through a server-side cursor ({@link ReportsProperties#fetchSize()} rows per round trip; PostgreSQL
 * needs the caller's transaction for that) and handed out one domain at a time.
 *
 * <p>SQL over the views the owners publish for this (docs/ARCHITECTURE.md §2): the inventory's
 * {@code inventory_domain_v} and the results module's {@code results_current_v},
 * {@code results_history_v}, {@code results_exception_v} and {@code results_change_v}. The facades answer
 * one domain per call, which is ten thousand round trips for a large export.
 */
@Repository
class ReportSource {

    /** The most accepted findings one report lists. */
    static final int MAX_EXCEPTIONS = 50_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

    private static final String SCOPE = """
            (cast(:teams as bigint[]) is null or d.team_id = any(:teams))
            and (cast(:tag as text) is null or :tag = any(d.tags))
            and (cast(:names as text[]) is null or d.a_label = any(:names) or lower(d.u_label) = any(:names))
            """;

    private final NamedParameterJdbcTemplate jdbc;

    ReportSource(DataSource dataSource, ReportsProperties properties) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(properties.fetchSize());
        this.jdbc = new NamedParameterJdbcTemplate(template);
    }

    /**
     * The domains a report covers, as a filter over the {@code domain} table.
     *
     * @param teamIds only these teams ({@code null}: every team; for an admin's "all")
     * @param tag only domains with this tag, or {@code null}
     * @param names only domains with these names, or {@code null}
     */
    record Filter(Long[] teamIds, String tag, String[] names) {
        MapSqlParameterSource params() {
            return new MapSqlParameterSource()
                    .addValue("teams", teamIds, Types.ARRAY)
                    .addValue("tag", tag, Types.VARCHAR)
                    .addValue("names", names, Types.ARRAY);
        }
    }

    /** The number of domains {@link #domains} will return. */
    int count(Filter filter, Optional<Instant> asOf) {
        MapSqlParameterSource p = filter.params();
        String existed = "";
        if (asOf.isPresent()) {
            p.addValue("asOf", Timestamp.from(asOf.get()));
            existed = " and (d.created_at <= :asOf or exists (select 1 from results_history_v c "
                    + "where c.domain_id = d.id "
                    + "and c.checked_at <= :asOf))";
        }
        Integer n = jdbc.queryForObject(
                "select count(*) from inventory_domain_v d where " + SCOPE + existed, p, Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * The domains of {@code filter} by name, each with its results: the current ones, or as of
     * {@code asOf} the latest result per (check, target) checked at or before it. A domain appears when it
     * existed then (created before, or checked before). Call inside a transaction and close the stream.
     *
     * @param withEvidence whether to read the evidence (JSON and PDF need it, CSV and summaries do not)
     */
    Stream<DomainSnapshot> domains(
            Filter filter,
            Optional<Instant> asOf,
            boolean withEvidence,
            Map<Long, String> teamNames,
            Map<Long, List<AcceptedFinding>> exceptions) {
        MapSqlParameterSource p = filter.params();
        String evidence = withEvidence ? "r.evidence::text" : "null";
        String sql;
        if (asOf.isEmpty()) {
            sql = "select d.id, d.a_label, d.u_label, d.team_id, d.tags, r.check_id, r.target, r.status, "
                    + "r.findings::text, " + evidence + ", r.checked_at from inventory_domain_v d "
                    + "left join results_current_v r on r.domain_id = d.id where " + SCOPE
                    + " order by d.a_label, d.id, r.check_id, r.target";
        } else {
            p.addValue("asOf", Timestamp.from(asOf.get()));
            sql = "select d.id, d.a_label, d.u_label, d.team_id, d.tags, r.check_id, r.target, r.status, "
                    + "r.findings::text, " + evidence + ", r.checked_at from inventory_domain_v d "
                    + "left join lateral (select distinct on (c.check_id, c.target) c.check_id, c.target, c.status, "
                    + "c.findings, c.evidence, c.checked_at from results_history_v c "
                    + "where c.domain_id = d.id and c.checked_at <= :asOf "
                    + "order by c.check_id, c.target, c.checked_at desc, c.id desc) r on true where " + SCOPE
                    + " and (d.created_at <= :asOf or r.check_id is not null)"
                    + " order by d.a_label, d.id, r.check_id, r.target";
        }
        Stream<Raw> rows = jdbc.queryForStream(sql, p, ReportSource::raw);
        Iterator<Raw> it = rows.iterator();
        Iterator<DomainSnapshot> grouped = new Iterator<>() {
            Raw pending = it.hasNext() ? it.next() : null;

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public DomainSnapshot next() {
                if (pending == null) {
                    throw new NoSuchElementException();
                }
                Raw first = pending;
                List<ReportRow> results = new ArrayList<>();
                while (pending != null && pending.domainId() == first.domainId()) {
                    pending.row().ifPresent(results::add);
                    pending = it.hasNext() ? it.next() : null;
                }
                return new DomainSnapshot(
                        first.domainId(),
                        first.name(),
                        first.displayName(),
                        first.teamId(),
                        teamNames.getOrDefault(first.teamId(), "#" + first.teamId()),
                        first.tags(),
                        results,
                        exceptions.getOrDefault(first.domainId(), List.of()));
            }
        };
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(grouped, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(rows::close);
    }

    /** The distinct tags of the domains of {@code teamIds} ({@code null}: every team), sorted, at most 500. */
    List<String> tags(Long[] teamIds) {
        return jdbc.queryForList(
                "select distinct t from inventory_domain_v d cross join unnest(d.tags) t "
                        + "where cast(:teams as bigint[]) is null or d.team_id = any(:teams) order by t limit 500",
                new MapSqlParameterSource().addValue("teams", teamIds, Types.ARRAY),
                String.class);
    }

    /** The accepted findings in force at {@code at} of the scope's domains, by domain, at most {@link #MAX_EXCEPTIONS}. */
    Map<Long, List<AcceptedFinding>> exceptions(Filter filter, Instant at) {
        MapSqlParameterSource p = filter.params()
                .addValue("at", Timestamp.from(at))
                .addValue("day", java.sql.Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC)))
                .addValue("limit", MAX_EXCEPTIONS);
        Map<Long, List<AcceptedFinding>> out = new HashMap<>();
        jdbc.query(
                "select e.id, e.domain_id, e.check_id, e.target, e.finding_code, e.reason, e.expires_on, "
                        + "e.created_by, e.created_at, e.scope from results_exception_v e "
                        + "join inventory_domain_v d on d.id = e.domain_id "
                        + "where "
                        + SCOPE + " and e.created_at <= :at and (e.revoked_at is null or e.revoked_at > :at) "
                        + "and e.expires_on >= :day order by e.domain_id, e.check_id, e.target, e.finding_code limit :limit",
                p,
                rs -> {
                    AcceptedFinding f = new AcceptedFinding(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getDate(7).toLocalDate(),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant(),
                            ExceptionScope.valueOf(rs.getString(10)));
                    out.computeIfAbsent(f.domainId(), k -> new ArrayList<>()).add(f);
                });
        return out;
    }

    /** One confirmed change of a result (from the results module's {@code results_change_v}). */
    record Change(
            String domain, String check, String target, String direction, Status from, Status to, Instant detectedAt) {}

    /** Counts by direction ({@code WORSE}, {@code BETTER}, {@code CHANGED}) and the newest {@code limit} changes. */
    record Changes(Map<String, Integer> counts, List<Change> newest) {}

    /** The changes detected in {@code (since, until]} on the scope's domains. */
    Changes changes(Filter filter, Instant since, Instant until, int limit) {
        MapSqlParameterSource p = filter.params()
                .addValue("since", Timestamp.from(since))
                .addValue("until", Timestamp.from(until))
                .addValue("limit", limit);
        String from = " from results_change_v c join inventory_domain_v d on d.id = c.domain_id where " + SCOPE
                + " and c.detected_at > :since and c.detected_at <= :until";
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("WORSE", 0);
        counts.put("BETTER", 0);
        counts.put("CHANGED", 0);
        jdbc.query("select c.direction, count(*)" + from + " group by c.direction", p, rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        });
        List<Change> newest = jdbc.query(
                "select c.domain_name, c.check_id, c.target, c.direction, c.old_status, "
                        + "c.new_status, c.detected_at" + from + " order by c.detected_at desc, c.id desc limit :limit",
                p,
                (rs, n) -> new Change(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Status.valueOf(rs.getString(5)),
                        Status.valueOf(rs.getString(6)),
                        rs.getTimestamp(7).toInstant()));
        return new Changes(counts, newest);
    }

    private record Raw(
            long domainId, String name, String displayName, long teamId, List<String> tags, Optional<ReportRow> row) {}

    private static Raw raw(ResultSet rs, int n) throws SQLException {
        Optional<ReportRow> row = Optional.empty();
        String check = rs.getString(6);
        if (check != null) {
            row = Optional.of(new ReportRow(
                    check,
                    rs.getString(7),
                    Status.valueOf(rs.getString(8)),
                    findings(rs.getString(9)),
                    Optional.ofNullable(rs.getString(10)),
                    rs.getTimestamp(11).toInstant()));
        }
        return new Raw(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), strings(rs.getArray(5)), row);
    }

    static List<Finding> findings(String json) {
        return JSON.readValue(json, LIST).stream()
                .map(m -> new Finding(
                        String.valueOf(m.get("code")),
                        Status.valueOf(String.valueOf(m.get("status"))),
                        String.valueOf(m.get("message")),
                        String.valueOf(m.getOrDefault("mitigation", ""))))
                .toList();
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
