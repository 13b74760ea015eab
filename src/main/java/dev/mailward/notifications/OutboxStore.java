package dev.mailward.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the outbox ({@code notification_event}, {@code notification_delivery}) and {@code notification_alert_state}. */
@Repository
class OutboxStore {

    /** A delivery claimed for sending, locked until the claiming transaction ends. */
    record Claimed(
            long id, long channelId, Long eventId, String purpose, int attempts, Instant createdAt, int summaryCount) {}

    private static final String EVENT_COLUMNS = "id, kind, team_id, domain_id, domain_name, check_id, target, "
            + "old_status, new_status, codes, mitigation, evidence, since, created_at, change_id";
    private static final String DELIVERY_COLUMNS = "d.id, d.channel_id, d.event_id, e.kind, e.domain_name, e.check_id, "
            + "d.status, d.purpose, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.sent_at";

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertEvent(NotificationEvent e) {
        return jdbc.sql("""
                        insert into notification_event (kind, team_id, domain_id, domain_name, check_id, target, old_status,
                                                        new_status, codes, mitigation, evidence, since, created_at, change_id)
                        values (:kind, :team, :domain, :name, :check, :target, :old, :new, :codes, :mitigation, :evidence,
                                :since, :created, :change)
                        returning id
                        """)
                .param("kind", e.kind().name())
                .param("team", e.teamId())
                .param("domain", e.domainId())
                .param("name", e.domain())
                .param("check", e.check())
                .param("target", e.target())
                .param("old", e.oldStatus())
                .param("new", e.newStatus())
                .param("codes", e.codes().toArray(String[]::new))
                .param("mitigation", e.mitigation())
                .param("evidence", e.evidence())
                .param("since", Timestamp.from(e.since()))
                .param("created", Timestamp.from(e.createdAt()))
                .param("change", e.changeId())
                .query(Long.class)
                .single();
    }

    Optional<NotificationEvent> event(long id) {
        return jdbc.sql("select " + EVENT_COLUMNS + " from notification_event where id = :id")
                .param("id", id)
                .query(OutboxStore::event)
                .optional();
    }

    List<NotificationEvent> events(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + EVENT_COLUMNS + " from notification_event where id in (:ids) order by id")
                .param("ids", ids)
                .query(OutboxStore::event)
                .list();
    }

    /** Adds a delivery of the event to the channel; a second one of the same pair is ignored. */
    void insertDelivery(long eventId, long channelId, String status, String purpose, Instant now) {
        jdbc.sql("""
                        insert into notification_delivery (event_id, channel_id, status, purpose, next_attempt_at, created_at)
                        values (:event, :channel, :status, :purpose, :now, :now)
                        on conflict (event_id, channel_id) do nothing
                        """)
                .param("event", eventId)
                .param("channel", channelId)
                .param("status", status)
                .param("purpose", purpose)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A delivery without an event (a test, a summary, a digest) in the given state; returns its id. */
    long insertOwnDelivery(
            Long eventId, long channelId, String status, String purpose, Instant due, Instant now, int summaryCount) {
        return jdbc.sql("""
                        insert into notification_delivery (event_id, channel_id, status, purpose, next_attempt_at, created_at,
                                                           summary_count)
                        values (:event, :channel, :status, :purpose, :due, :now, :count)
                        returning id
                        """)
                .param("event", eventId)
                .param("channel", channelId)
                .param("status", status)
                .param("purpose", purpose)
                .param("due", Timestamp.from(due))
                .param("now", Timestamp.from(now))
                .param("count", summaryCount)
                .query(Long.class)
                .single();
    }

    /**
     * The oldest due delivery no other transaction holds, locked for this one ({@code FOR UPDATE SKIP LOCKED}):
     * of several replicas polling at once each gets another row, and a row is sent by one of them.
     */
    Optional<Claimed> claimDue(Instant now) {
        return jdbc.sql("""
                        select id, channel_id, event_id, purpose, attempts, created_at, summary_count
                        from notification_delivery
                        where status = 'PENDING' and next_attempt_at <= :now
                        order by next_attempt_at, id
                        limit 1
                        for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Claimed(
                        rs.getLong("id"),
                        rs.getLong("channel_id"),
                        (Long) rs.getObject("event_id"),
                        rs.getString("purpose"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getInt("summary_count")))
                .optional();
    }

    void markSent(long id, Instant now) {
        jdbc.sql("update notification_delivery set status = 'SENT', attempts = attempts + 1, sent_at = :now, "
                        + "last_error = null where id = :id")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
    }

    void markFailed(long id, String status, Instant next, String error) {
        jdbc.sql("update notification_delivery set status = :status, attempts = attempts + 1, next_attempt_at = :next, "
                        + "last_error = :error where id = :id")
                .param("id", id)
                .param("status", status)
                .param("next", Timestamp.from(next))
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .update();
    }

    void markSuppressed(long id) {
        jdbc.sql("update notification_delivery set status = 'SUPPRESSED' where id = :id")
                .param("id", id)
                .update();
    }

    /** Messages the channel sent since {@code from} (the rate limit's window). */
    int sentSince(long channelId, Instant from) {
        return jdbc.sql("select count(*) from notification_delivery where channel_id = :c and status = 'SENT' "
                        + "and sent_at >= :from")
                .param("c", channelId)
                .param("from", Timestamp.from(from))
                .query(Integer.class)
                .single();
    }

    /** Counts one more held-back message in the channel's pending summary, or adds one due at {@code due}. */
    void countInSummary(long channelId, Instant due, Instant now) {
        int updated = jdbc.sql("update notification_delivery set summary_count = summary_count + 1 "
                        + "where channel_id = :c and purpose = 'SUMMARY' and status = 'PENDING'")
                .param("c", channelId)
                .update();
        if (updated == 0) {
            insertOwnDelivery(null, channelId, "PENDING", "SUMMARY", due, now, 1);
        }
    }

    /** Moves a dead delivery back to due now; false when it is not dead. */
    boolean retry(long id, Instant now) {
        return jdbc.sql("update notification_delivery set status = 'PENDING', next_attempt_at = :now, "
                                + "created_at = :now where id = :id and status = 'DEAD'")
                        .param("id", id)
                        .param("now", Timestamp.from(now))
                        .update()
                > 0;
    }

    Optional<Long> channelOfDelivery(long id) {
        return jdbc.sql("select channel_id from notification_delivery where id = :id")
                .param("id", id)
                .query(Long.class)
                .optional();
    }

    /** The channel's deliveries, newest first. */
    List<Delivery> deliveries(long channelId, int offset, int limit) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from notification_delivery d "
                        + "left join notification_event e on e.id = d.event_id where d.channel_id = :c "
                        + "order by d.created_at desc, d.id desc offset :offset limit :limit")
                .param("c", channelId)
                .param("offset", offset)
                .param("limit", limit)
                .query(OutboxStore::delivery)
                .list();
    }

    /** The dead deliveries of these channels, newest first. */
    List<Delivery> dead(Collection<Long> channels, int limit) {
        if (channels.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from notification_delivery d "
                        + "left join notification_event e on e.id = d.event_id where d.channel_id in (:c) "
                        + "and d.status = 'DEAD' order by d.created_at desc, d.id desc limit :limit")
                .param("c", channels)
                .param("limit", limit)
                .query(OutboxStore::delivery)
                .list();
    }

    /** Deliveries waiting to be sent (the backlog gauge). */
    long backlog() {
        return jdbc.sql("select count(*) from notification_delivery where status = 'PENDING'")
                .query(Long.class)
                .single();
    }

    /** The channels with events waiting for their digest. */
    List<Long> digestChannels() {
        return jdbc.sql("select distinct channel_id from notification_delivery where status = 'DIGEST'")
                .query(Long.class)
                .list();
    }

    /** Whether a digest of the channel was queued since {@code from}. */
    boolean digestQueuedSince(long channelId, Instant from) {
        return jdbc.sql("select exists (select 1 from notification_delivery where channel_id = :c "
                        + "and purpose = 'DIGEST' and created_at >= :from)")
                .param("c", channelId)
                .param("from", Timestamp.from(from))
                .query(Boolean.class)
                .single();
    }

    /** The events waiting for the channel's digest, queued before {@code upTo}. */
    List<Long> digestEvents(long channelId, Instant upTo) {
        return jdbc.sql("select event_id from notification_delivery where channel_id = :c and status = 'DIGEST' "
                        + "and created_at <= :upTo order by id")
                .param("c", channelId)
                .param("upTo", Timestamp.from(upTo))
                .query(Long.class)
                .list();
    }

    /** Marks the events of a sent digest as sent. */
    void markDigested(long channelId, Instant upTo, Instant now) {
        jdbc.sql("update notification_delivery set status = 'SENT', sent_at = :now where channel_id = :c "
                        + "and status = 'DIGEST' and created_at <= :upTo")
                .param("c", channelId)
                .param("upTo", Timestamp.from(upTo))
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Records that a condition was alerted now, unless it was alerted after {@code notBefore}: true when the
     * caller should alert (one caller of several replicas at once).
     */
    boolean claimAlert(String kind, long domainId, String subject, Instant now, Instant notBefore) {
        return jdbc.sql("""
                        insert into notification_alert_state (kind, domain_id, subject, alerted_at)
                        values (:kind, :domain, :subject, :now)
                        on conflict (kind, domain_id, subject) do update set alerted_at = excluded.alerted_at
                        where notification_alert_state.alerted_at < :notBefore
                        """)
                        .param("kind", kind)
                        .param("domain", domainId)
                        .param("subject", subject.length() > 600 ? subject.substring(0, 600) : subject)
                        .param("now", Timestamp.from(now))
                        .param("notBefore", Timestamp.from(notBefore))
                        .update()
                > 0;
    }

    /**
     * The latest regression, TLSA mismatch or recovery announced for each (domain, check, target) whose current
     * result still has the status that event announced, when it is a regression or TLSA mismatch: the results
     * that stayed bad since they were announced.
     */
    List<NotificationEvent> lastingRegressions() {
        return jdbc.sql("select " + EVENT_COLUMNS.replaceAll("(^|, )", "$1e.") + " from ("
                        + "select distinct on (domain_id, check_id, target) * from notification_event "
                        + "where kind in ('REGRESSION', 'TLSA_MISMATCH', 'RECOVERY') and domain_id is not null "
                        + "order by domain_id, check_id, target, created_at desc, id desc) e "
                        + "join results_current_v c on c.domain_id = e.domain_id and c.check_id = e.check_id "
                        + "and c.target = e.target "
                        + "where e.kind <> 'RECOVERY' and c.status = e.new_status")
                .query(OutboxStore::event)
                .list();
    }

    /** Records that a condition was alerted at {@code at}, unless it is recorded already. */
    void seedAlert(String kind, long domainId, String subject, Instant at) {
        jdbc.sql("""
                        insert into notification_alert_state (kind, domain_id, subject, alerted_at)
                        values (:kind, :domain, :subject, :at)
                        on conflict (kind, domain_id, subject) do nothing
                        """)
                .param("kind", kind)
                .param("domain", domainId)
                .param("subject", subject.length() > 600 ? subject.substring(0, 600) : subject)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Forgets the alerted conditions of a kind that no longer hold (so they alert at once when they come back). */
    int clearAlertsExcept(String kind, Collection<String> keys) {
        if (keys.isEmpty()) {
            return jdbc.sql("delete from notification_alert_state where kind = :kind")
                    .param("kind", kind)
                    .update();
        }
        return jdbc.sql("delete from notification_alert_state where kind = :kind "
                        + "and (domain_id::text || ' ' || subject) not in (:keys)")
                .param("kind", kind)
                .param("keys", keys)
                .update();
    }

    static NotificationEvent event(ResultSet rs, int n) throws SQLException {
        return new NotificationEvent(
                rs.getLong("id"),
                NotificationKind.valueOf(rs.getString("kind")),
                rs.getLong("team_id"),
                (Long) rs.getObject("domain_id"),
                rs.getString("domain_name"),
                rs.getString("check_id"),
                rs.getString("target"),
                rs.getString("old_status"),
                rs.getString("new_status"),
                ChannelStore.strings(rs.getArray("codes")),
                rs.getString("mitigation"),
                rs.getString("evidence"),
                rs.getTimestamp("since").toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                (Long) rs.getObject("change_id"));
    }

    static Delivery delivery(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString("kind");
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Delivery(
                rs.getLong("id"),
                rs.getLong("channel_id"),
                (Long) rs.getObject("event_id"),
                kind == null ? null : NotificationKind.valueOf(kind),
                rs.getString("domain_name"),
                rs.getString("check_id"),
                rs.getString("status"),
                rs.getString("purpose"),
                rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                sent == null ? null : sent.toInstant());
    }
}
