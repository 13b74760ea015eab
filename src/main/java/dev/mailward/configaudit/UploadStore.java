package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code server_config_upload} and {@code server_config_correlation} tables (V9). Rows are only ever inserted. */
@Repository
class UploadStore {

    private static final String SUMMARY_COLUMNS = "server_id, version, sha256, uploaded_by, uploaded_at, status, "
            + "(select count(*) from jsonb_array_elements(audit_result -> 'findings') f where f ->> 'status' = 'FAIL'), "
            + "(select count(*) from jsonb_array_elements(audit_result -> 'findings') f where f ->> 'status' = 'WARN'), "
            + "(select count(*) from jsonb_array_elements(audit_result -> 'findings') f where f ->> 'status' = 'ERROR')";

    private final JdbcClient jdbc;

    UploadStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new upload row; the version is assigned by {@link #insert}. */
    record NewUpload(
            long serverId,
            String sha256,
            String uploadedBy,
            Instant uploadedAt,
            String sourceAddress,
            Map<ConfigFile, String> files,
            String redactionsJson,
            Status status,
            String auditJson) {}

    /** A stored row. */
    record Row(
            long id,
            ConfigUploadSummary summary,
            Optional<String> sourceAddress,
            Map<ConfigFile, String> files,
            String redactionsJson,
            String auditJson) {}

    /** A stored correlation. */
    record CorrelationRow(String source, Instant observedAt, String findingsJson) {}

    /**
     * Inserts the upload as the server's next version. Two uploads at once race for the same
     * number; the loser's insert fails on the unique constraint and the caller's transaction rolls
     * back (the client may simply retry).
     */
    Row insert(NewUpload u) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("s", u.serverId());
        p.put("h", u.sha256());
        p.put("by", u.uploadedBy());
        p.put("at", Timestamp.from(u.uploadedAt()));
        p.put("src", u.sourceAddress());
        p.put("main", u.files().get(ConfigFile.POSTCONF));
        p.put("master", u.files().get(ConfigFile.MASTER));
        p.put("dove", u.files().get(ConfigFile.DOVECONF));
        p.put("rspamd", u.files().get(ConfigFile.RSPAMD));
        p.put("red", u.redactionsJson());
        p.put("st", u.status().name());
        p.put("audit", u.auditJson());
        long id = jdbc.sql("""
                insert into server_config_upload (server_id, version, sha256, uploaded_by, uploaded_at, source_address,
                    main_cf, master_cf, doveconf, rspamd, redactions, status, audit_result)
                values (:s, (select coalesce(max(version), 0) + 1 from server_config_upload where server_id = :s),
                    :h, :by, :at, :src, :main, :master, :dove, :rspamd, cast(:red as jsonb), :st, cast(:audit as jsonb))
                returning id
                """).params(p).query(Long.class).single();
        return byId(id).orElseThrow();
    }

    Optional<Row> byId(long id) {
        return jdbc.sql("select id, " + SUMMARY_COLUMNS + ", source_address, main_cf, master_cf, doveconf, rspamd, "
                        + "redactions::text, audit_result::text from server_config_upload where id = :id")
                .param("id", id)
                .query(UploadStore::row)
                .optional();
    }

    Optional<Row> version(long serverId, int version) {
        return jdbc.sql("select id, " + SUMMARY_COLUMNS + ", source_address, main_cf, master_cf, doveconf, rspamd, "
                        + "redactions::text, audit_result::text from server_config_upload "
                        + "where server_id = :s and version = :v")
                .param("s", serverId)
                .param("v", version)
                .query(UploadStore::row)
                .optional();
    }

    Optional<Row> latest(long serverId) {
        return jdbc.sql("select id, " + SUMMARY_COLUMNS + ", source_address, main_cf, master_cf, doveconf, rspamd, "
                        + "redactions::text, audit_result::text from server_config_upload "
                        + "where server_id = :s order by version desc limit 1")
                .param("s", serverId)
                .query(UploadStore::row)
                .optional();
    }

    /**
     * The facts of the latest upload's audit ({@code details.facts}, JSON), without reading its files:
     * the scans ask for them for every domain of the server.
     */
    Optional<String> latestFacts(long serverId) {
        return jdbc.sql("select coalesce(audit_result #>> '{details,facts}', '{}') from server_config_upload "
                        + "where server_id = :s order by version desc limit 1")
                .param("s", serverId)
                .query(String.class)
                .optional();
    }

    /** The version before {@code version}, if any (versions have no gaps, but do not rely on it). */
    Optional<Row> previous(long serverId, int version) {
        return jdbc.sql("select id, " + SUMMARY_COLUMNS + ", source_address, main_cf, master_cf, doveconf, rspamd, "
                        + "redactions::text, audit_result::text from server_config_upload "
                        + "where server_id = :s and version < :v order by version desc limit 1")
                .param("s", serverId)
                .param("v", version)
                .query(UploadStore::row)
                .optional();
    }

    /** A page of the server's uploads, newest first. */
    List<ConfigUploadSummary> history(long serverId, int limit, int offset) {
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from server_config_upload where server_id = :s "
                        + "order by version desc limit :l offset :o")
                .param("s", serverId)
                .param("l", limit)
                .param("o", offset)
                .query((rs, i) -> summary(rs, 1))
                .list();
    }

    long count(long serverId) {
        return jdbc.sql("select count(*) from server_config_upload where server_id = :s")
                .param("s", serverId)
                .query(Long.class)
                .single();
    }

    /** The latest upload summary of each of the servers that have one. */
    Map<Long, ConfigUploadSummary> latestOf(List<Long> serverIds) {
        if (serverIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, ConfigUploadSummary> out = new java.util.HashMap<>();
        jdbc.sql("select distinct on (server_id) " + SUMMARY_COLUMNS + " from server_config_upload "
                        + "where server_id = any(:ids) order by server_id, version desc")
                .param("ids", serverIds.toArray(Long[]::new))
                .query((rs, i) -> summary(rs, 1))
                .list()
                .forEach(s -> out.put(s.serverId(), s));
        return out;
    }

    void insertCorrelation(long uploadId, String source, Instant at, String observationsJson, String findingsJson) {
        jdbc.sql("""
                insert into server_config_correlation (upload_id, observed_at, source, observations, findings)
                values (:u, :at, :src, cast(:obs as jsonb), cast(:f as jsonb))
                """)
                .param("u", uploadId)
                .param("at", Timestamp.from(at))
                .param("src", source)
                .param("obs", observationsJson)
                .param("f", findingsJson)
                .update();
    }

    Optional<CorrelationRow> latestCorrelation(long uploadId) {
        return jdbc.sql("select source, observed_at, findings::text from server_config_correlation "
                        + "where upload_id = :u order by observed_at desc, id desc limit 1")
                .param("u", uploadId)
                .query((rs, i) ->
                        new CorrelationRow(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .optional();
    }

    private static ConfigUploadSummary summary(ResultSet rs, int c) throws SQLException {
        return new ConfigUploadSummary(
                rs.getLong(c),
                rs.getInt(c + 1),
                rs.getString(c + 2).strip(),
                rs.getString(c + 3),
                rs.getTimestamp(c + 4).toInstant(),
                Status.valueOf(rs.getString(c + 5)),
                rs.getInt(c + 6),
                rs.getInt(c + 7),
                rs.getInt(c + 8));
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        ConfigUploadSummary summary = summary(rs, 2);
        Map<ConfigFile, String> files = new EnumMap<>(ConfigFile.class);
        int c = 11;
        for (ConfigFile f : ConfigFile.values()) {
            String text = rs.getString(++c);
            if (text != null) {
                files.put(f, text);
            }
        }
        return new Row(
                rs.getLong(1),
                summary,
                Optional.ofNullable(rs.getString(11)),
                files,
                rs.getString(16),
                rs.getString(17));
    }
}
