package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import db.migration.V14__serverconfig_redact_stored_secrets;
import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.TeamRef;
import java.sql.Connection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V14 over rows stored by an earlier redactor, on the shared embedded PostgreSQL: the row
 * is inserted as the old intake stored it, then the migration runs over a JDBC connection.
 */
@MailwardIntegrationTest
class RedactStoredSecretsMigrationIntegrationTests {

    private static final String OLD_MAIN = """
            relayhost = [smtp.relay.example]:587
            smtp_sasl_auth_enable = yes
            smtp_sasl_password_maps = static:relay@example.org:Old-Static-Secret
            smtp_tls_security_level = encrypt
            """;
    private static final String OLD_DOVECONF = """
            ssl_key_password = <redacted>
            doveadm_password = Old-Doveadm-Secret
            """;
    // what an old audit kept as evidence: the line with the secret
    private static final String OLD_AUDIT = """
            {"check":"config","target":"config:old","status":"WARN","checkedAt":"2025-01-01T00:00:00Z","elapsedMs":1,
             "findings":[{"code":"CONFIG_SYNTAX_ERROR","status":"WARN","message":"m","mitigation":"x"}],
             "details":{"lines":[{"code":"CONFIG_SYNTAX_ERROR","status":"WARN","message":"m",
               "lines":[{"file":"main.cf","line":3,"text":"smtp_sasl_password_maps = static:relay@example.org:Old-Static-Secret"}]}]}}
            """;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    AccountsTestSupport accounts;

    long serverId;
    String hostname;
    TeamRef team;

    @BeforeEach
    void server() {
        team = accounts.team("v14");
        serverId = ConfigFixtures.serverWithDomain(
                jdbc, team.id(), AccountsTestSupport.unique("v14").substring(2))[0];
        hostname = jdbc.queryForObject("select hostname from mail_server where id = ?", String.class, serverId);
    }

    private long insert(int version, String main, String doveconf, String redactions, String audit) {
        Map<ConfigFile, String> files = new EnumMap<>(ConfigFile.class);
        files.put(ConfigFile.POSTCONF, main);
        files.put(ConfigFile.DOVECONF, doveconf);
        return jdbc.queryForObject(
                """
                insert into server_config_upload (server_id, version, sha256, uploaded_by, uploaded_at, main_cf, doveconf,
                    redactions, status, audit_result)
                values (?, ?, ?, 'cron', now(), ?, ?, cast(? as jsonb), 'WARN', cast(? as jsonb)) returning id
                """,
                Long.class,
                serverId,
                version,
                ServerConfigService.sha256(files),
                main,
                doveconf,
                redactions,
                audit);
    }

    private int migrate() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Configuration configuration = new ClassicConfiguration();
            new V14__serverconfig_redact_stored_secrets().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return configuration;
                }

                @Override
                public Connection getConnection() {
                    return c;
                }
            });
        }
        return jdbc.queryForObject(
                "select count(*) from audit_log where action = ? and target = ?",
                Integer.class,
                UploadRedaction.REDACTED_ACTION,
                "server:" + hostname);
    }

    @Test
    void flywayRanTheJavaMigrationFromTheClasspath() {
        Map<String, Object> applied =
                jdbc.queryForMap("select type, script, success from flyway_schema_history where version = '14'");
        assertThat(applied).containsEntry("type", "JDBC").containsEntry("success", true);
        assertThat(applied.get("script").toString()).isEqualTo("db.migration.V14__serverconfig_redact_stored_secrets");
    }

    @Test
    void redactsAStoredUploadAndRecomputesItsHashAuditAndRedactions() throws Exception {
        String oldRedactions = "[{\"file\":\"DOVECONF\",\"line\":1,\"key\":\"ssl_key_password\"}]";
        long id = insert(1, OLD_MAIN, OLD_DOVECONF, oldRedactions, OLD_AUDIT);
        String oldHash = jdbc.queryForObject("select sha256 from server_config_upload where id = ?", String.class, id);

        assertThat(migrate()).isEqualTo(1);

        Map<String, Object> row = jdbc.queryForMap(
                "select main_cf, doveconf, sha256, redactions::text as redactions, "
                        + "audit_result::text as audit, status from server_config_upload where id = ?",
                id);
        assertThat(row.toString()).doesNotContain("Old-Static-Secret", "Old-Doveadm-Secret", "relay@example.org");
        String main = OLD_MAIN.replace("static:relay@example.org:Old-Static-Secret", "static:<redacted>");
        String dove = OLD_DOVECONF.replace("Old-Doveadm-Secret", "<redacted>");
        assertThat(row.get("main_cf")).isEqualTo(main);
        assertThat(row.get("doveconf")).isEqualTo(dove);
        // the hash stays the hash of the stored text
        Map<ConfigFile, String> stored = new EnumMap<>(ConfigFile.class);
        stored.put(ConfigFile.POSTCONF, main);
        stored.put(ConfigFile.DOVECONF, dove);
        assertThat(row.get("sha256").toString().strip())
                .isEqualTo(ServerConfigService.sha256(stored))
                .isNotEqualTo(oldHash.strip());
        assertThat(ResultJson.readRedactions(row.get("redactions").toString()))
                .containsExactly(
                        new RedactedKey(ConfigFile.DOVECONF, 1, "ssl_key_password"),
                        new RedactedKey(ConfigFile.POSTCONF, 3, "smtp_sasl_password_maps"),
                        new RedactedKey(ConfigFile.DOVECONF, 2, "doveadm_password"));
        // the audit ran again over the redacted text
        var audit = ResultJson.read(row.get("audit").toString());
        assertThat(audit.target()).isEqualTo("config:" + hostname);
        assertThat(audit.checkedAt()).isAfter(java.time.Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(row.get("status"))
                .isEqualTo(ResultJson.read(row.get("audit").toString()).status().name());

        List<Map<String, Object>> entries = jdbc.queryForList(
                "select actor, detail, team_id from audit_log where action = ? and target = ?",
                UploadRedaction.REDACTED_ACTION,
                "server:" + hostname);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("actor", "system").containsEntry("team_id", team.id());
            assertThat(e.get("detail").toString())
                    .startsWith(
                            "version=1 sha256=" + row.get("sha256").toString().strip() + " previous-sha256="
                                    + oldHash.strip() + " redacted=2");
        });
    }

    @Test
    void leavesRedactedUploadsAloneAndChangesNothingTheSecondTime() throws Exception {
        String clean = "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\nsmtp_tls_security_level = encrypt\n";
        long untouched = insert(1, clean, null, "[]", OLD_AUDIT);
        long redacted = insert(2, OLD_MAIN, null, "[]", OLD_AUDIT);
        Map<String, Object> before = jdbc.queryForMap("select * from server_config_upload where id = ?", untouched);

        assertThat(migrate()).isEqualTo(1);
        Map<String, Object> once = jdbc.queryForMap("select * from server_config_upload where id = ?", redacted);
        assertThat(migrate()).isEqualTo(1);

        assertThat(jdbc.queryForMap("select * from server_config_upload where id = ?", untouched))
                .isEqualTo(before);
        assertThat(jdbc.queryForMap("select * from server_config_upload where id = ?", redacted))
                .isEqualTo(once);
    }
}
