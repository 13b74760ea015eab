package dev.mailward.results;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for {@code role-matrix/results.tsv}, written with SQL (no signed-in user, no DNS): a domain of
 * team A with one current result and two accepted findings.
 */
public class ResultsRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;

    public ResultsRoleMatrixFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        String name = "results-matrix-" + context.unique() + ".test";
        Long domainId =
                jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'matrix', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, context.teamA().id());
        Long runId = jdbc.queryForObject("""
                insert into check_run (domain_id, trigger, started_at, finished_at, status)
                values (?, 'MANUAL', now(), now(), 'PASS') returning id
                """, Long.class, domainId);
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'spf', ?, 0, ?, 'PASS', '[]', '{}', 'h', now(), 1)
                """, domainId, name, runId);
        Long exceptionId = jdbc.queryForObject("""
                insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, created_by,
                                               created_at)
                values (?, 'spf', ?, 'SPF_X', 'matrix', current_date + 30, 'matrix', now()) returning id
                """, Long.class, domainId, name);
        Long apiExceptionId = jdbc.queryForObject("""
                insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, created_by,
                                               created_at)
                values (?, 'dmarc', ?, 'DMARC_X', 'matrix', current_date + 30, 'matrix', now()) returning id
                """, Long.class, domainId, name);
        return Map.of(
                "resultsDomainId",
                String.valueOf(domainId),
                "resultsDomain",
                name,
                "exceptionId",
                String.valueOf(exceptionId),
                "apiExceptionId",
                String.valueOf(apiExceptionId),
                "expiresOn",
                LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
    }
}
