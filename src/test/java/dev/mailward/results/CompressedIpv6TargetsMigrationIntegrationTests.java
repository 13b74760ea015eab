package dev.mailward.results;

import static org.assertj.core.api.Assertions.assertThat;

import db.migration.V19__results_compressed_ipv6_targets;
import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V19 over results stored with Java's long IPv6 form, on the shared embedded PostgreSQL: the rows are
 * inserted as an older version stored them, then the migration runs over a JDBC connection.
 */
@MailwardIntegrationTest
class CompressedIpv6TargetsMigrationIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ResultStore store;

    @Autowired
    AccountsTestSupport accounts;

    @Test
    void flywayRanTheJavaMigrationFromTheClasspath() {
        Map<String, Object> applied =
                jdbc.queryForMap("select type, script, success from flyway_schema_history where version = '19'");
        assertThat(applied).containsEntry("type", "JDBC").containsEntry("success", true);
    }

    @Test
    void longFormTargetsBecomeTheCompressedOnesTheChecksWriteNow() throws Exception {
        long domain = domain("v19");
        long run = run(domain);
        current(domain, run, "ptr", "2001:db8:0:0:0:0:0:25");
        current(domain, run, "blocklist", "2001:db8:0:1:0:0:0:25"); // one zero group stays, the run of three goes
        current(domain, run, "ptr", "192.0.2.25");
        current(domain, run, "spf", "0:0:0:0:0:0:0:1"); // not an address target: left as it is
        // a compressed result recorded after the upgrade wins over the long one of the same address
        current(domain, run, "ptr", "2001:db8:0:0:0:0:0:26");
        current(domain, run, "ptr", "2001:db8::26");
        long exception = jdbc.queryForObject("""
                insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on,
                    created_by, created_at)
                values (?, 'ptr', '2001:db8:0:0:0:0:0:25', 'PTR_MISSING', 'lab host', current_date + 30, 'test', now())
                returning id""", Long.class, domain);

        migrate();

        assertThat(jdbc.queryForList(
                        "select check_id || ' ' || target from current_result where domain_id = ? order by 1",
                        String.class,
                        domain))
                .containsExactly(
                        "blocklist 2001:db8:0:1::25",
                        "ptr 192.0.2.25",
                        "ptr 2001:db8::25",
                        "ptr 2001:db8::26",
                        "spf 0:0:0:0:0:0:0:1");
        assertThat(jdbc.queryForObject("select target from finding_exception where id = ?", String.class, exception))
                .isEqualTo("2001:db8::25");
        assertThat(jdbc.queryForList(
                        "select target from check_result where domain_id = ? and check_id = 'ptr'",
                        String.class,
                        domain))
                .as("the history keeps what was recorded")
                .contains("2001:db8:0:0:0:0:0:25");

        migrate(); // a second run changes nothing
        assertThat(jdbc.queryForObject(
                        "select count(*) from current_result where domain_id = ?", Integer.class, domain))
                .isEqualTo(5);
    }

    private long domain(String prefix) {
        String name = AccountsTestSupport.unique(prefix).toLowerCase() + ".test";
        return jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, accounts.team(prefix).id());
    }

    private long run(long domain) {
        return store.startRun(domain, ScanTrigger.MANUAL, Instant.now(), "test");
    }

    private void current(long domain, long run, String check, String target) {
        long result = jdbc.queryForObject("""
                insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, dns_hash,
                    checked_at, elapsed_ms, rules_version)
                values (?, ?, ?, ?, 'WARN', '[]'::jsonb, '{}'::jsonb, '', now(), 1, 1) returning id""", Long.class, run, domain, check, target);
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                    dns_hash, checked_at, elapsed_ms, rules_version)
                select domain_id, check_id, target, id, run_id, status, findings, evidence, dns_hash, checked_at,
                    elapsed_ms, rules_version from check_result where id = ?""", result);
    }

    private void migrate() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Configuration configuration = new ClassicConfiguration();
            new V19__results_compressed_ipv6_targets().migrate(new Context() {
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
    }
}
