package dev.mailward.configaudit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;

/** The real config-audit fixtures and rows of team-owned servers, for this module's tests. */
final class ConfigFixtures {

    private ConfigFixtures() {}

    /** The text of {@code src/test/resources/config-audit/<scenario>/<file>}. */
    static String text(String scenario, String file) {
        try (InputStream in = ConfigFixtures.class.getResourceAsStream("/config-audit/" + scenario + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture config-audit/" + scenario + "/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's path on disk (for the browser's file inputs). */
    static Path path(String scenario, String file) {
        return Path.of("src/test/resources/config-audit", scenario, file).toAbsolutePath();
    }

    /** A mail server of the team with endpoints MX:25 and SUBMISSION:587, linked as MX to a new domain. */
    static long[] serverWithDomain(JdbcTemplate jdbc, long teamId, String suffix) {
        Long serverId = jdbc.queryForObject("""
                insert into mail_server (hostname, team_id, discovered, created_at, updated_at)
                values (?, ?, false, now(), now()) returning id
                """, Long.class, "mx.cfg-" + suffix + ".test", teamId);
        jdbc.update(
                "insert into mail_server_endpoint (server_id, role, port, source) values (?, 'MX', 25, 'MANUAL')",
                serverId);
        jdbc.update(
                "insert into mail_server_endpoint (server_id, role, port, source) "
                        + "values (?, 'SUBMISSION', 587, 'MANUAL')",
                serverId);
        Long domainId =
                jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, "cfg-" + suffix + ".test", "cfg-" + suffix + ".test", teamId);
        jdbc.update(
                "insert into domain_mail_server (domain_id, server_id, role, preference) values (?, ?, 'MX', 10)",
                domainId,
                serverId);
        return new long[] {serverId, domainId};
    }
}
