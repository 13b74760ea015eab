package dev.mailward.notifications;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of {@code notification_channel}. */
@Repository
class ChannelStore {

    /** A channel row; {@code secretSealed} is the encrypted secret (never shown). */
    record Row(
            long id,
            long teamId,
            String name,
            ChannelKind kind,
            List<String> targets,
            String secretSealed,
            PayloadFormat format,
            Set<NotificationKind> events,
            List<String> tags,
            List<String> mitigations,
            boolean digest,
            boolean enabled,
            Instant createdAt,
            String createdBy,
            Instant updatedAt) {}

    private static final String COLUMNS = "id, team_id, name, kind, targets, secret_enc, format, events, tags, "
            + "mitigations, digest, enabled, created_at, created_by, updated_at";

    private final JdbcClient jdbc;

    ChannelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(ChannelCommand c, String sealed, String actor, Instant now) {
        return jdbc.sql("""
                        insert into notification_channel (team_id, name, kind, targets, secret_enc, format, events, tags,
                                                          mitigations, digest, enabled, created_at, created_by, updated_at)
                        values (:team, :name, :kind, :targets, :secret, :format, :events, :tags, :mitigations, :digest,
                                :enabled, :now, :actor, :now)
                        returning id
                        """)
                .param("team", c.teamId())
                .param("name", c.name())
                .param("kind", c.kind().name())
                .param("targets", c.targets().toArray(String[]::new))
                .param("secret", sealed)
                .param("format", c.format().name())
                .param("events", events(c.events()))
                .param("tags", c.tags().toArray(String[]::new))
                .param("mitigations", c.mitigations().toArray(String[]::new))
                .param("digest", c.digest())
                .param("enabled", c.enabled())
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .query(Long.class)
                .single();
    }

    void update(long id, ChannelCommand c, String sealed, Instant now) {
        jdbc.sql("""
                        update notification_channel set team_id = :team, name = :name, kind = :kind, targets = :targets,
                               secret_enc = :secret, format = :format, events = :events, tags = :tags,
                               mitigations = :mitigations, digest = :digest, enabled = :enabled, updated_at = :now
                        where id = :id
                        """)
                .param("id", id)
                .param("team", c.teamId())
                .param("name", c.name())
                .param("kind", c.kind().name())
                .param("targets", c.targets().toArray(String[]::new))
                .param("secret", sealed)
                .param("format", c.format().name())
                .param("events", events(c.events()))
                .param("tags", c.tags().toArray(String[]::new))
                .param("mitigations", c.mitigations().toArray(String[]::new))
                .param("digest", c.digest())
                .param("enabled", c.enabled())
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean delete(long id) {
        return jdbc.sql("delete from notification_channel where id = :id")
                        .param("id", id)
                        .update()
                > 0;
    }

    Optional<Row> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from notification_channel where id = :id")
                .param("id", id)
                .query(ChannelStore::row)
                .optional();
    }

    /** Channels of these teams (all when {@code teams} is null), by team and name. */
    List<Row> list(Collection<Long> teams) {
        if (teams == null) {
            return jdbc.sql("select " + COLUMNS + " from notification_channel order by team_id, name, id")
                    .query(ChannelStore::row)
                    .list();
        }
        if (teams.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS
                        + " from notification_channel where team_id in (:teams) order by team_id, name, id")
                .param("teams", teams)
                .query(ChannelStore::row)
                .list();
    }

    /** The enabled channels of a team. */
    List<Row> enabledOf(long teamId) {
        return jdbc.sql("select " + COLUMNS
                        + " from notification_channel where team_id = :team and enabled order by id")
                .param("team", teamId)
                .query(ChannelStore::row)
                .list();
    }

    private static String[] events(Set<NotificationKind> events) {
        if (events == null || events.isEmpty()) {
            return null;
        }
        return events.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    static Row row(ResultSet rs, int n) throws SQLException {
        List<String> ev = strings(rs.getArray("events"));
        Set<NotificationKind> events = ev == null || ev.isEmpty()
                ? EnumSet.allOf(NotificationKind.class)
                : EnumSet.copyOf(ev.stream().map(NotificationKind::valueOf).toList());
        events.remove(NotificationKind.TEST);
        return new Row(
                rs.getLong("id"),
                rs.getLong("team_id"),
                rs.getString("name"),
                ChannelKind.valueOf(rs.getString("kind")),
                orEmpty(strings(rs.getArray("targets"))),
                rs.getString("secret_enc"),
                PayloadFormat.valueOf(rs.getString("format")),
                events,
                orEmpty(strings(rs.getArray("tags"))),
                orEmpty(strings(rs.getArray("mitigations"))),
                rs.getBoolean("digest"),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant());
    }

    static List<String> strings(Array a) throws SQLException {
        return a == null ? null : Arrays.asList((String[]) a.getArray());
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
