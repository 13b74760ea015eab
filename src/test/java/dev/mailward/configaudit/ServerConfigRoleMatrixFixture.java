package dev.mailward.configaudit;

import dev.mailward.checks.CheckResult;
import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for {@code role-matrix/configaudit.tsv}: a mail server of team A serving a domain of
 * team A, with version 1 of its configuration (the {@code open-relay} fixture) already stored.
 * Written with SQL so that making them needs no signed-in user.
 */
public class ServerConfigRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;

    public ServerConfigRoleMatrixFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        long[] ids = ConfigFixtures.serverWithDomain(jdbc, context.teamA().id(), "matrix-" + context.unique());
        String text = Redactor.redact(ConfigFixtures.text("open-relay", "postconf-n.txt"))
                .text();
        CheckResult audit = ConfigAudit.audit(ConfigBundle.of("mx", text, null, null, null));
        jdbc.update(
                """
                insert into server_config_upload (server_id, version, sha256, uploaded_by, uploaded_at, main_cf,
                    redactions, status, audit_result)
                values (?, 1, ?, 'matrix', now(), ?, '[]', ?, cast(? as jsonb))
                """,
                ids[0],
                ServerConfigService.sha256(Map.of(ConfigFile.POSTCONF, text)),
                text,
                audit.status().name(),
                ResultJson.write(audit));
        return Map.of("configServerId", String.valueOf(ids[0]), "configDomainId", String.valueOf(ids[1]));
    }
}
