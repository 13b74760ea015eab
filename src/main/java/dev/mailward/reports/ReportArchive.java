package dev.mailward.reports;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code report_archive} table. Rows are never changed after they are written. */
@Repository
class ReportArchive {

    private static final String COLUMNS = "id, format, scope->>'kind', scope_label, team_ids, as_of, as_of_current, "
            + "since, generated_by, generated_at, sha256, size_bytes, domain_count, file_name";
    /** Rows visible to a scope: admins ({@code null} teams) see all; others reports whose teams are all theirs. */
    private static final String VISIBLE = "(cast(:teams as bigint[]) is null "
            + "or (cardinality(team_ids) > 0 and team_ids <@ cast(:teams as bigint[])))";

    private final JdbcClient jdbc;

    ReportArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reserves the id of the next report (the cover names it before the row exists). */
    long nextId() {
        return jdbc.sql("select nextval(pg_get_serial_sequence('report_archive', 'id'))")
                .query(Long.class)
                .single();
    }

    /** A stored row with the name of its file in the archive directory. */
    record Stored(ArchivedReport report, Optional<String> fileName) {}

    void insert(ArchivedReport r, String scopeJson, String fileName) {
        jdbc.sql("insert into report_archive (id, format, scope, scope_label, team_ids, as_of, as_of_current, since, "
                        + "generated_by, generated_at, sha256, size_bytes, domain_count, file_name) "
                        + "values (:id, :format, cast(:scope as jsonb), :label, :teams, :asOf, :current, :since, :by, :at, "
                        + ":sha, :size, :count, :file)")
                .param("id", r.id())
                .param("format", r.format().name())
                .param("scope", scopeJson)
                .param("label", r.scopeLabel().length() > 600 ? r.scopeLabel().substring(0, 599) + "…" : r.scopeLabel())
                .param("teams", r.teamIds().toArray(Long[]::new), Types.ARRAY)
                .param("asOf", Timestamp.from(r.asOf()))
                .param("current", r.current())
                .param("since", r.since().map(Timestamp::from).orElse(null), Types.TIMESTAMP)
                .param("by", r.generatedBy())
                .param("at", Timestamp.from(r.generatedAt()))
                .param("sha", r.sha256())
                .param("size", r.sizeBytes())
                .param("count", r.domainCount())
                .param("file", fileName)
                .update();
    }

    Optional<Stored> find(long id, Long[] teams) {
        return jdbc.sql("select " + COLUMNS + " from report_archive where id = :id and " + VISIBLE)
                .param("id", id)
                .param("teams", teams, Types.ARRAY)
                .query(ReportArchive::stored)
                .optional();
    }

    List<ArchivedReport> page(Long[] teams, int offset, int limit) {
        return jdbc
                .sql("select " + COLUMNS + " from report_archive where " + VISIBLE
                        + " order by generated_at desc, id desc offset :offset limit :limit")
                .param("teams", teams, Types.ARRAY)
                .param("offset", offset)
                .param("limit", limit)
                .query(ReportArchive::stored)
                .list()
                .stream()
                .map(Stored::report)
                .toList();
    }

    long count(Long[] teams) {
        return jdbc.sql("select count(*) from report_archive where " + VISIBLE)
                .param("teams", teams, Types.ARRAY)
                .query(Long.class)
                .single();
    }

    List<ArchivedReport> bySha256(String sha256, Long[] teams) {
        return jdbc
                .sql("select " + COLUMNS + " from report_archive where sha256 = :sha and " + VISIBLE
                        + " order by generated_at desc limit 20")
                .param("sha", sha256)
                .param("teams", teams, Types.ARRAY)
                .query(ReportArchive::stored)
                .list()
                .stream()
                .map(Stored::report)
                .toList();
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        Optional<String> file = Optional.ofNullable(rs.getString(14));
        ArchivedReport r = new ArchivedReport(
                rs.getLong(1),
                ReportFormat.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                longs(rs.getArray(5)),
                rs.getTimestamp(6).toInstant(),
                rs.getBoolean(7),
                Optional.ofNullable(rs.getTimestamp(8)).map(Timestamp::toInstant),
                rs.getString(9),
                rs.getTimestamp(10).toInstant(),
                rs.getString(11),
                rs.getLong(12),
                rs.getInt(13),
                file.isPresent());
        return new Stored(r, file);
    }

    private static List<Long> longs(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((Long[]) a.getArray());
    }

    static Instant now() {
        return Instant.now();
    }
}
