package dev.mailward.reportintake;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rows for {@code role-matrix/reportintake.tsv}: a domain of team A ({@code intakeDomainId}). */
public class ReportIntakeRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;

    public ReportIntakeRoleMatrixFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        String name = ReportSamples.domainName("matrix-intake");
        Long id =
                jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'matrix', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, context.teamA().id());
        return Map.of("intakeDomainId", String.valueOf(id));
    }
}
