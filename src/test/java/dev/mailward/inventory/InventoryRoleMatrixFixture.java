package dev.mailward.inventory;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for {@code role-matrix/inventory.tsv}: domains and a mail server of team A ({@code bulkDropDomainId}: removed
 * by the bulk delete row). Written with
 * SQL so that making them needs no signed-in user and no DNS.
 */
public class InventoryRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;

    public InventoryRoleMatrixFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        long team = context.teamA().id();
        String suffix = context.unique();
        long domainId = domain("matrix-" + suffix + ".test", team);
        long dropId = domain("matrix-drop-" + suffix + ".test", team);
        long apiDropId = domain("matrix-apidrop-" + suffix + ".test", team);
        long bulkDropId = domain("matrix-bulkdrop-" + suffix + ".test", team);
        Long serverId = jdbc.queryForObject("""
                insert into mail_server (hostname, team_id, discovered, created_at, updated_at)
                values (?, ?, true, now(), now()) returning id
                """, Long.class, "mx.matrix-" + suffix + ".test", team);
        jdbc.update(
                "insert into mail_server_address (server_id, address, family) values (?, '192.0.2.25', 'IPV4')",
                serverId);
        for (String[] e : new String[][] {{"MX", "25"}, {"SUBMISSION", "587"}, {"IMAPS", "993"}}) {
            jdbc.update(
                    "insert into mail_server_endpoint (server_id, role, port, source) values (?, ?, ?, 'DISCOVERED')",
                    serverId,
                    e[0],
                    Integer.parseInt(e[1]));
        }
        jdbc.update(
                "insert into domain_mail_server (domain_id, server_id, role, preference) values (?, ?, 'MX', 10)",
                domainId,
                serverId);
        return Map.of(
                "domainId",
                String.valueOf(domainId),
                "dropDomainId",
                String.valueOf(dropId),
                "apiDropDomainId",
                String.valueOf(apiDropId),
                "serverId",
                String.valueOf(serverId),
                "bulkDropDomainId",
                String.valueOf(bulkDropId));
    }

    private long domain(String name, long team) {
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'matrix', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team);
    }
}
