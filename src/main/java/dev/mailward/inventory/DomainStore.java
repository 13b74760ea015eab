package dev.mailward.inventory;

import dev.mailward.dns.DomainName;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code domain} table. SQL rather than JPA: the list is a read model with array filters and
 * trigram search, and bulk import inserts thousands of rows with one statement per batch.
 */
@Repository
class DomainStore {

    private static final String COLUMNS = "d.id, d.a_label, d.u_label, d.team_id, d.tags, d.dkim_selectors, "
            + "d.check_interval, d.notes, d.created_at, d.created_by, d.null_mx, d.discovery_status, d.discovery_at, "
            + "d.discovery_message";

    private final JdbcClient jdbc;

    DomainStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A domain row. */
    record Row(
            long id,
            String aLabel,
            String uLabel,
            long teamId,
            List<String> tags,
            List<String> selectors,
            int interval,
            String notes,
            Instant createdAt,
            String createdBy,
            boolean nullMx,
            DiscoveryStatus status,
            Optional<Instant> discoveredAt,
            String discoveryMessage) {}

    /** A row to insert. */
    record NewDomain(
            DomainName name, long teamId, List<String> tags, List<String> selectors, int interval, String notes) {}

    /**
     * Inserts rows with one statement; a row whose name exists already is skipped (every row is
     * inserted whole or not at all).
     *
     * @return the ids of the inserted rows by A-label
     */
    Map<String, Long> insertAll(List<NewDomain> rows, String actor, DiscoveryStatus status) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        int n = rows.size();
        String[] a = new String[n];
        String[] u = new String[n];
        Long[] teams = new Long[n];
        String[] tags = new String[n];
        String[] selectors = new String[n];
        Integer[] intervals = new Integer[n];
        String[] notes = new String[n];
        for (int i = 0; i < n; i++) {
            NewDomain r = rows.get(i);
            a[i] = r.name().ascii();
            u[i] = r.name().unicode();
            teams[i] = r.teamId();
            // tags and selectors never contain spaces (DomainRules), so a space joins them safely
            tags[i] = String.join(" ", r.tags());
            selectors[i] = String.join(" ", r.selectors());
            intervals[i] = r.interval();
            notes[i] = r.notes();
        }
        Timestamp now = Timestamp.from(Instant.now());
        Map<String, Long> ids = new HashMap<>();
        jdbc.sql("""
                insert into domain (a_label, u_label, team_id, tags, dkim_selectors, check_interval, notes,
                                    created_at, created_by, updated_at, discovery_status)
                select a, u, t, case when tg = '' then '{}'::text[] else string_to_array(tg, ' ') end,
                       case when s = '' then '{}'::text[] else string_to_array(s, ' ') end, i, n,
                       :now, :actor, :now, :status
                from unnest(:a::text[], :u::text[], :t::bigint[], :tg::text[], :s::text[], :i::int[], :n::text[])
                     as x(a, u, t, tg, s, i, n)
                on conflict (a_label) do nothing
                returning id, a_label
                """)
                .param("now", now)
                .param("actor", actor)
                .param("status", status.name())
                .param("a", a)
                .param("u", u)
                .param("t", teams)
                .param("tg", tags)
                .param("s", selectors)
                .param("i", intervals)
                .param("n", notes)
                .query((rs, i) -> ids.put(rs.getString(2), rs.getLong(1)))
                .list();
        return ids;
    }

    /** Which of these A-labels exist already, with the team holding each. */
    Map<String, Long> existing(List<String> aLabels) {
        if (aLabels.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("select a_label, team_id from domain where a_label = any(:a)")
                .param("a", aLabels.toArray(String[]::new))
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2)))
                .list();
        return out;
    }

    Optional<Long> idOf(String aLabel) {
        return jdbc.sql("select id from domain where a_label = :a")
                .param("a", aLabel)
                .query(Long.class)
                .optional();
    }

    Optional<Row> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from domain d where d.id = :id")
                .param("id", id)
                .query(DomainStore::row)
                .optional();
    }

    boolean update(long id, UpdateDomain u) {
        return jdbc.sql("""
                update domain set team_id = :team, tags = :tags, dkim_selectors = :sel, check_interval = :i,
                       notes = :notes, updated_at = now(), version = version + 1
                where id = :id
                """)
                        .param("team", u.teamId())
                        .param("tags", u.tags().toArray(String[]::new))
                        .param("sel", u.dkimSelectors().toArray(String[]::new))
                        .param("i", u.checkIntervalMinutes())
                        .param("notes", u.notes())
                        .param("id", id)
                        .update()
                == 1;
    }

    boolean delete(long id) {
        return jdbc.sql("delete from domain where id = :id").param("id", id).update() == 1;
    }

    void markDiscovery(long id, DiscoveryStatus status) {
        jdbc.sql("update domain set discovery_status = :s where id = :id")
                .param("s", status.name())
                .param("id", id)
                .update();
    }

    void finishDiscovery(long id, DiscoveryStatus status, boolean nullMx, String message) {
        jdbc.sql("""
                update domain set discovery_status = :s, null_mx = :n, discovery_message = :m, discovery_at = now()
                where id = :id
                """)
                .param("s", status.name())
                .param("n", nullMx)
                .param("m", message)
                .param("id", id)
                .update();
    }

    /** Team ids a scope may see: {@code null} for all (admin). */
    PageOf<DomainSummary> list(DomainQuery q, Long[] teams, Map<Long, String> teamNames) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        appendFilters(q, teams, where, params);
        // the total, and how many of them have the figure the list is sorted by (they come first)
        long[] counts = jdbc.sql("select count(*), count(" + key(q.sort()) + ") from domain d" + HEALTH_JOIN + where)
                .params(params)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        long total = counts[0];
        String page = pageSql(q, where.toString(), params, counts[1]);
        List<DomainSummary> items = jdbc.sql("""
                select p.id, p.a_label, p.u_label, p.team_id, p.tags, p.discovery_status,
                       (select count(distinct l.server_id) from domain_mail_server l where l.domain_id = p.id),
                       p.score, p.worst, p.checked_at
                from (""" + page + ") p order by " + order(q, "p.", true))
                .params(params)
                .query((rs, i) -> {
                    int score = rs.getInt(8);
                    OptionalInt scored = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(score);
                    WorstStatus worst = WorstStatus.ofRank((Integer) rs.getObject(9));
                    Timestamp checked = rs.getTimestamp(10);
                    return new DomainSummary(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            teamNames.getOrDefault(rs.getLong(4), "#" + rs.getLong(4)),
                            strings(rs.getArray(5)),
                            DiscoveryStatus.valueOf(rs.getString(6)),
                            rs.getInt(7),
                            scored,
                            worst,
                            Optional.ofNullable(checked).map(Timestamp::toInstant));
                })
                .list();
        return new PageOf<>(items, q.page(), DomainQuery.PAGE_SIZE, total);
    }

    /** The dashboard's published health of each domain; a domain it has not assessed has nulls. */
    private static final String HEALTH_JOIN = " left join dashboard_domain_health_v h on h.domain_id = d.id";

    private static final String PAGE_COLUMNS =
            "d.id, d.a_label, d.u_label, d.team_id, d.tags, d.discovery_status, h.score, h.worst, h.checked_at";

    /**
     * The SQL of the list page, for the performance test's EXPLAIN, for a page among the domains that have
     * the figure sorted by.
     */
    static String listSql(DomainQuery q, Long[] teams, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        appendFilters(q, teams, where, params);
        return pageSql(q, where.toString(), params, Long.MAX_VALUE);
    }

    /** The column of the dashboard's figure a sort orders by; the name for {@link DomainQuery.Sort#NAME}. */
    private static String key(DomainQuery.Sort sort) {
        return switch (sort) {
            case NAME -> "d.a_label";
            case SCORE -> "h.score";
            case STATUS -> "h.worst";
            case CHECKED -> "h.checked_at";
        };
    }

    /**
     * One page of rows, ordered. By name it is one walk of the name index. By a figure of the dashboard the
     * domains that have it come first, in the read model's index order (ties by id), then those that do not,
     * by name; {@code having} says how many have it, so that a page within either part walks one index and
     * stops at the page's end; only a page across the boundary reads both parts (each up to the page's end)
     * and sorts those rows once more.
     */
    private static String pageSql(DomainQuery q, String where, Map<String, Object> params, long having) {
        long offset = (long) q.page() * DomainQuery.PAGE_SIZE;
        long end = offset + DomainQuery.PAGE_SIZE;
        params.put("limit", DomainQuery.PAGE_SIZE);
        params.put("offset", offset);
        if (q.sort() == DomainQuery.Sort.NAME) {
            return "select " + PAGE_COLUMNS + ", 0 as part from domain d" + HEALTH_JOIN + where + " order by "
                    + order(q, "", false) + " limit :limit offset :offset";
        }
        String key = key(q.sort());
        String dir = q.descending() ? " desc" : "";
        String first = "select " + PAGE_COLUMNS + ", 0 as part from domain d join dashboard_domain_health_v h "
                + "on h.domain_id = d.id" + where + " and " + key + " is not null order by " + key + dir
                + (q.sort() == DomainQuery.Sort.STATUS ? ", h.score" + dir : "") + ", h.domain_id" + dir;
        String rest = "select " + PAGE_COLUMNS + ", 1 as part from domain d" + HEALTH_JOIN + where + " and " + key
                + " is null order by d.a_label, d.id";
        if (end <= having) {
            return first + " limit :limit offset :offset";
        }
        if (offset >= having) {
            params.put("offset", offset - having);
            return rest + " limit :limit offset :offset";
        }
        params.put("end", end);
        return "select * from ((" + first + " limit :end) union all (" + rest + " limit :end)) x order by "
                + order(q, "x.", true) + " limit :limit offset :offset";
    }

    /** The order of a page; {@code prefix} qualifies the columns of a derived table ("" for d./h.). */
    private static String order(DomainQuery q, String prefix, boolean derived) {
        String dir = q.descending() ? " desc" : "";
        String id = derived ? prefix + "id" : "d.id";
        String name = derived ? prefix + "a_label" : "d.a_label";
        if (q.sort() == DomainQuery.Sort.NAME) {
            return name + dir; // unique
        }
        String key = switch (q.sort()) {
            case SCORE -> prefix + "score";
            case STATUS -> prefix + "worst" + dir + ", " + prefix + "score";
            case CHECKED -> prefix + "checked_at";
            case NAME -> throw new IllegalStateException();
        };
        // part 0 has the figure, in its index order (ties by id); part 1 lacks it, by name
        return prefix + "part, " + key + dir + ", case when " + prefix + "part = 0 then " + id + " end" + dir + ", "
                + name + ", " + id;
    }

    private static void appendFilters(DomainQuery q, Long[] teams, StringBuilder where, Map<String, Object> params) {
        if (teams != null) {
            where.append(" and d.team_id = any(:teams)");
            params.put("teams", teams);
        }
        q.teamId().ifPresent(t -> {
            where.append(" and d.team_id = :team");
            params.put("team", t);
        });
        q.status().ifPresent(s -> {
            if (s == WorstStatus.NONE) {
                where.append(" and h.worst is null");
            } else {
                where.append(" and h.worst = :worst");
                params.put("worst", s.rank());
            }
        });
        q.tag().ifPresent(t -> {
            where.append(" and d.tags @> array[:tag]::text[]");
            params.put("tag", t.toLowerCase(java.util.Locale.ROOT));
        });
        q.text().ifPresent(t -> {
            String needle = t.toLowerCase(java.util.Locale.ROOT);
            needle = needle.replace(" ", "");
            if (needle.endsWith(".")) {
                needle = needle.substring(0, needle.length() - 1);
            }
            String escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            where.append(" and d.search_text like :like");
            params.put("like", "%" + escaped + "%");
        });
    }

    /** A domain as the export writes it. */
    record ExportRow(String aLabel, String uLabel, long teamId, List<String> tags, List<String> selectors) {}

    /** The next {@code size} domains after {@code after} (an A-label; "" for the first) by name, filtered. */
    List<ExportRow> exportPage(DomainQuery q, Long[] teams, String after, int size) {
        StringBuilder where = new StringBuilder(" where d.a_label > :after");
        Map<String, Object> params = new HashMap<>();
        appendFilters(q, teams, where, params);
        params.put("after", after);
        params.put("size", size);
        return jdbc.sql("select d.a_label, d.u_label, d.team_id, d.tags, d.dkim_selectors from domain d" + HEALTH_JOIN
                        + where + " order by d.a_label limit :size")
                .params(params)
                .query((rs, i) -> new ExportRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        strings(rs.getArray(4)),
                        strings(rs.getArray(5))))
                .list();
    }

    void setTags(long id, List<String> tags) {
        jdbc.sql("update domain set tags = :tags, updated_at = now(), version = version + 1 where id = :id")
                .param("tags", tags.toArray(String[]::new))
                .param("id", id)
                .update();
    }

    List<Row> listByIds(List<Long> ids) {
        return jdbc.sql("select " + COLUMNS + " from domain d where d.id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query(DomainStore::row)
                .list();
    }

    /** Distinct tags in use among the visible domains, for the filter. */
    List<String> tags(Long[] teams) {
        String sql = "select distinct unnest(tags) t from domain d"
                + (teams == null ? "" : " where d.team_id = any(:teams)") + " order by t limit 500";
        var spec = jdbc.sql(sql);
        if (teams != null) {
            spec = spec.param("teams", teams);
        }
        return spec.query(String.class).list();
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        Timestamp at = rs.getTimestamp("discovery_at");
        return new Row(
                rs.getLong("id"),
                rs.getString("a_label"),
                rs.getString("u_label"),
                rs.getLong("team_id"),
                strings(rs.getArray("tags")),
                strings(rs.getArray("dkim_selectors")),
                rs.getInt("check_interval"),
                rs.getString("notes"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getBoolean("null_mx"),
                DiscoveryStatus.valueOf(rs.getString("discovery_status")),
                Optional.ofNullable(at).map(Timestamp::toInstant),
                rs.getString("discovery_message"));
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }
}
