package dev.mailward.scanning;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rows for {@code role-matrix/scanning.tsv}, written with SQL (no signed-in user, no DNS). */
public class ScanningRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;

    public ScanningRoleMatrixFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        String name = "scan-matrix-" + context.unique() + ".test";
        Long domainId =
                jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'matrix', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, context.teamA().id());
        Long runId = jdbc.queryForObject("""
                insert into scan_run (label, requested_by, requested_at, total) values ('matrix', 'matrix', now(), 1)
                returning id
                """, Long.class);
        jdbc.update(
                "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, 'DONE', now())",
                runId,
                domainId);
        return Map.of("scanDomainId", String.valueOf(domainId), "scanRunId", String.valueOf(runId));
    }
}
