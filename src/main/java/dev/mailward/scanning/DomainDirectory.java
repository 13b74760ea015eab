package dev.mailward.scanning;

import dev.mailward.inventory.EndpointRole;
import dev.mailward.probe.EndpointOrigin;
import dev.mailward.probe.EndpointSpec;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What scanning needs to know of the inventory's domains and mail servers, read from the views the
 * inventory publishes ({@code inventory_domain_v}, {@code inventory_domain_server_v},
 * {@code inventory_endpoint_v}; docs/ARCHITECTURE.md §2). The scheduler runs without a signed-in
 * user, and the inventory's facade answers only to users; the scheduler's anti-join over every
 * domain ({@link #withoutSchedule}) needs SQL.
 */
@Repository
class DomainDirectory {

    /** A domain as the scanner sees it. */
    record Target(long id, String name, long teamId, List<String> selectors, int intervalMinutes) {}

    /**
     * A mail server serving a domain, with the endpoints an operator added to it by hand.
     *
     * @param id the server's id
     * @param hostname its host name (A-label, lower case)
     * @param manualEndpoints its operator-configured endpoints, typed (origin: configured)
     */
    record Server(long id, String hostname, List<EndpointSpec> manualEndpoints) {
        Server {
            manualEndpoints = List.copyOf(manualEndpoints);
        }
    }

    private static final String COLUMNS = "id, a_label, team_id, dkim_selectors, check_interval";

    private final JdbcClient jdbc;

    DomainDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Target> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from inventory_domain_v where id = ?")
                .param(id)
                .query((rs, n) -> new Target(
                        rs.getLong(1), rs.getString(2), rs.getLong(3), strings(rs.getArray(4)), rs.getInt(5)))
                .optional();
    }

    /**
     * The ids of the domains of the given teams ({@code null} = every team), optionally only those
     * with {@code tag}, at most {@code limit}.
     */
    List<Long> ids(Long[] teamIds, Optional<String> tag, int limit) {
        return jdbc.sql("select id from inventory_domain_v "
                        + "where (cast(:teams as bigint[]) is null or team_id = any(:teams)) "
                        + "and (cast(:tag as text) is null or :tag = any(tags)) order by a_label limit :limit")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("tag", tag.orElse(null), java.sql.Types.VARCHAR)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Ids and intervals of domains without a schedule yet (at most {@code limit}). */
    List<Target> withoutSchedule(String taskName, int limit) {
        return jdbc.sql("select " + COLUMNS + " from inventory_domain_v d "
                        + "where not exists (select 1 from scheduled_tasks t "
                        + "where t.task_name = ? and t.task_instance = d.id::text) order by d.id limit ?")
                .params(taskName, limit)
                .query((rs, n) -> new Target(
                        rs.getLong(1), rs.getString(2), rs.getLong(3), strings(rs.getArray(4)), rs.getInt(5)))
                .list();
    }

    /**
     * The mail servers of a domain with their operator-configured endpoints, typed (the form
     * {@code CheckOptions#endpoints()} takes). An MX endpoint on port 25 is given on {@code mxPort},
     * the port MX hosts are probed on (25 outside labs).
     */
    List<Server> servers(long domainId, int mxPort) {
        Map<Long, String> hosts = new LinkedHashMap<>();
        Map<Long, List<EndpointSpec>> endpoints = new HashMap<>();
        jdbc.sql("select s.server_id, s.hostname, e.role, e.port from inventory_domain_server_v s "
                        + "left join inventory_endpoint_v e on e.server_id = s.server_id and e.source = 'MANUAL' "
                        + "where s.domain_id = ? order by s.preference, s.hostname, s.server_id, e.role, e.port")
                .param(domainId)
                .query(rs -> {
                    long id = rs.getLong(1);
                    String host = rs.getString(2).toLowerCase(Locale.ROOT);
                    hosts.putIfAbsent(id, host);
                    List<EndpointSpec> list = endpoints.computeIfAbsent(id, k -> new ArrayList<>());
                    String role = rs.getString(3);
                    if (role != null) {
                        EndpointRole r = EndpointRole.valueOf(role);
                        int port = rs.getInt(4);
                        EndpointSpec spec = new EndpointSpec(
                                host,
                                r == EndpointRole.MX && port == r.defaultPort() ? mxPort : port,
                                r.protocol(),
                                EndpointOrigin.CONFIGURED);
                        if (!list.contains(spec)) {
                            list.add(spec);
                        }
                    }
                });
        List<Server> out = new ArrayList<>();
        hosts.forEach((id, host) -> out.add(new Server(id, host, endpoints.getOrDefault(id, List.of()))));
        return out;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
