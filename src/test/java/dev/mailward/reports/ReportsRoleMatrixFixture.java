package dev.mailward.reports;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for {@code role-matrix/reports.tsv}, written with SQL: a domain of team A with one current result,
 * and an archived CSV report of team A whose file is in the archive directory.
 */
public class ReportsRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;
    private final ReportsProperties properties;

    public ReportsRoleMatrixFixture(JdbcTemplate jdbc, ReportsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        String name = "report-matrix-" + context.unique() + ".test";
        long teamA = context.teamA().id();
        Long domainId = jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'matrix', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, teamA);
        Long runId = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at) values (?, 'MANUAL', now()) " + "returning id",
                Long.class,
                domainId);
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'spf', ?, 0, ?, 'PASS', '[]', '{}', 'h', now(), 1)
                """, domainId, name, runId);
        byte[] content = ("domain,check\r\n" + name + ",spf\r\n").getBytes(StandardCharsets.UTF_8);
        String sha;
        try {
            sha = ReportService.sha256Hex(new java.io.ByteArrayInputStream(content));
            Files.createDirectories(properties.archiveDir());
            Long id = jdbc.queryForObject("select nextval(pg_get_serial_sequence('report_archive', 'id'))", Long.class);
            String file = id + "-matrix.csv";
            Files.write(properties.archiveDir().resolve(file), content);
            jdbc.update("""
                    insert into report_archive (id, format, scope, scope_label, team_ids, as_of, as_of_current, generated_by,
                                                generated_at, sha256, size_bytes, domain_count, file_name)
                    values (?, 'CSV', '{"kind":"team"}', 'matrix', ?, now(), true, 'matrix', now(), ?, ?, 1, ?)
                    """, id, new Long[] {teamA}, sha, content.length, file);
            return Map.of("reportId", String.valueOf(id), "reportDomain", name, "reportSha", sha);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
