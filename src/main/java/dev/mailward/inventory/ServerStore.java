package dev.mailward.inventory;

import dev.mailward.dns.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code mail_server}, {@code mail_server_address}, {@code mail_server_endpoint} and
 * {@code domain_mail_server} tables. Upserts keep one row per host name and team even when two
 * discoveries find the same new host at once.
 */
@Repository
class ServerStore {

    private final JdbcClient jdbc;

    ServerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A server row. */
    record Row(long id, String hostname, long teamId, boolean discovered, String notes) {}

    /** The id of the team's server with this host name, created (as discovered) when missing. */
    long upsert(long teamId, String hostname, boolean discovered) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.sql("""
                insert into mail_server (hostname, team_id, discovered, created_at, updated_at)
                values (:h, :t, :d, :now, :now)
                on conflict (team_id, hostname) do update set updated_at = excluded.updated_at
                returning id
                """)
                .param("h", hostname)
                .param("t", teamId)
                .param("d", discovered)
                .param("now", now)
                .query(Long.class)
                .single();
    }

    void replaceAddresses(long serverId, List<InetAddress> addresses) {
        jdbc.sql("delete from mail_server_address where server_id = :s")
                .param("s", serverId)
                .update();
        for (InetAddress a : addresses) {
            jdbc.sql("insert into mail_server_address (server_id, address, family) values (:s, :a, :f) "
                            + "on conflict do nothing")
                    .param("s", serverId)
                    .param("a", text(a))
                    .param("f", family(a))
                    .update();
        }
    }

    boolean addEndpoint(long serverId, EndpointRole role, int port, EndpointSource source) {
        return jdbc.sql("insert into mail_server_endpoint (server_id, role, port, source) values (:s, :r, :p, :src) "
                                + "on conflict do nothing")
                        .param("s", serverId)
                        .param("r", role.name())
                        .param("p", port)
                        .param("src", source.name())
                        .update()
                == 1;
    }

    boolean removeEndpoint(long serverId, EndpointRole role, int port) {
        return jdbc.sql("delete from mail_server_endpoint where server_id = :s and role = :r and port = :p")
                        .param("s", serverId)
                        .param("r", role.name())
                        .param("p", port)
                        .update()
                == 1;
    }

    void clearLinks(long domainId) {
        jdbc.sql("delete from domain_mail_server where domain_id = :d")
                .param("d", domainId)
                .update();
    }

    void link(long domainId, long serverId, EndpointRole role, int preference) {
        jdbc.sql("""
                insert into domain_mail_server (domain_id, server_id, role, preference) values (:d, :s, :r, :p)
                on conflict (domain_id, server_id, role) do update set preference = least(
                    domain_mail_server.preference, excluded.preference)
                """)
                .param("d", domainId)
                .param("s", serverId)
                .param("r", role.name())
                .param("p", preference)
                .update();
    }

    Optional<Row> find(long id) {
        return jdbc.sql("select id, hostname, team_id, discovered, notes from mail_server where id = :id")
                .param("id", id)
                .query((rs, i) ->
                        new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getString(5)))
                .optional();
    }

    List<MailServerDetails.Address> addresses(long serverId) {
        return jdbc.sql("select address, family from mail_server_address where server_id = :s "
                        + "order by family, address")
                .param("s", serverId)
                .query((rs, i) -> new MailServerDetails.Address(rs.getString(1), rs.getString(2)))
                .list();
    }

    List<DomainDetails.Endpoint> endpoints(long serverId) {
        return jdbc
                .sql("select role, port, source from mail_server_endpoint where server_id = :s")
                .param("s", serverId)
                .query((rs, i) -> new DomainDetails.Endpoint(
                        EndpointRole.valueOf(rs.getString(1)), rs.getInt(2), EndpointSource.valueOf(rs.getString(3))))
                .list()
                .stream()
                .sorted(java.util.Comparator.comparing(DomainDetails.Endpoint::role)
                        .thenComparingInt(DomainDetails.Endpoint::port))
                .toList();
    }

    /** The servers linked to a domain, MX by preference first. */
    List<DomainDetails.ServedBy> servedBy(long domainId) {
        record Link(long serverId, String hostname, EndpointRole role, int preference) {}
        List<Link> links = jdbc.sql("""
                select s.id, s.hostname, l.role, l.preference from domain_mail_server l
                join mail_server s on s.id = l.server_id where l.domain_id = :d
                """)
                .param("d", domainId)
                .query((rs, i) ->
                        new Link(rs.getLong(1), rs.getString(2), EndpointRole.valueOf(rs.getString(3)), rs.getInt(4)))
                .list();
        return links.stream()
                .sorted(java.util.Comparator.comparing(Link::role)
                        .thenComparingInt(Link::preference)
                        .thenComparing(Link::hostname))
                .map(l -> new DomainDetails.ServedBy(
                        l.serverId(),
                        l.hostname(),
                        l.role(),
                        l.preference(),
                        addresses(l.serverId()).stream()
                                .map(MailServerDetails.Address::address)
                                .toList(),
                        endpoints(l.serverId())))
                .toList();
    }

    List<MailServerDetails.ServedDomain> domains(long serverId) {
        return jdbc.sql("""
                select d.id, d.a_label, d.u_label, l.role, l.preference from domain_mail_server l
                join domain d on d.id = l.domain_id where l.server_id = :s order by d.a_label, l.role
                """)
                .param("s", serverId)
                .query((rs, i) -> new MailServerDetails.ServedDomain(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        EndpointRole.valueOf(rs.getString(4)),
                        rs.getInt(5)))
                .list();
    }

    PageOf<MailServerSummary> list(Optional<String> text, Long[] teams, int page, Map<Long, String> teamNames) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        if (teams != null) {
            where.append(" and s.team_id = any(:teams)");
            params.put("teams", teams);
        }
        text.map(String::strip).filter(t -> !t.isEmpty()).ifPresent(t -> {
            where.append(" and s.hostname like :like");
            params.put(
                    "like",
                    "%"
                            + t.toLowerCase(java.util.Locale.ROOT)
                                    .replace("\\", "\\\\")
                                    .replace("%", "\\%")
                                    .replace("_", "\\_")
                            + "%");
        });
        long total = jdbc.sql("select count(*) from mail_server s" + where)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", DomainQuery.PAGE_SIZE);
        params.put("offset", (long) Math.max(0, page) * DomainQuery.PAGE_SIZE);
        List<MailServerSummary> items = jdbc.sql("""
                select s.id, s.hostname, s.team_id, s.discovered,
                       (select count(*) from mail_server_address a where a.server_id = s.id),
                       (select count(*) from mail_server_endpoint e where e.server_id = s.id),
                       (select count(distinct l.domain_id) from domain_mail_server l where l.server_id = s.id),
                       (select min(case r.status when 'FAIL' then 0 when 'ERROR' then 1 when 'WARN' then 2
                                                 when 'PASS' then 3 end)
                        from domain_mail_server l join results_current_v r on r.domain_id = l.domain_id
                        where l.server_id = s.id and left(r.target, length(s.hostname) + 1) = s.hostname || ':')
                from mail_server s""" + where + " order by s.hostname, s.id limit :limit offset :offset")
                .params(params)
                .query((rs, i) -> new MailServerSummary(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        teamNames.getOrDefault(rs.getLong(3), "#" + rs.getLong(3)),
                        rs.getBoolean(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        WorstStatus.ofRank((Integer) rs.getObject(8))))
                .list();
        return new PageOf<>(items, Math.max(0, page), DomainQuery.PAGE_SIZE, total);
    }

    /** RFC 5952 text ({@link AddressText}). */
    static String text(InetAddress address) {
        return AddressText.of(address);
    }

    static String family(InetAddress address) {
        return address instanceof Inet6Address ? "IPV6" : "IPV4";
    }
}
