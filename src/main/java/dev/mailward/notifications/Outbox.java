package dev.mailward.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes an event and one delivery per matching channel of the domain's team, in the caller's transaction:
 * the transaction that records the result, or the sweep's. A channel matches when it is enabled, sends the
 * event's kind, and its tag and mitigation filters (when set) include the domain's tags and the event's
 * mitigation. A digest channel's delivery waits for the daily digest.
 */
@Component
class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** A domain as the outbox needs it: team and tags, from {@code inventory_domain_v}. */
    record DomainInfo(long teamId, List<String> tags) {}

    private final OutboxStore store;
    private final ChannelStore channels;
    private final JdbcClient jdbc;

    Outbox(OutboxStore store, ChannelStore channels, JdbcClient jdbc) {
        this.store = store;
        this.channels = channels;
        this.jdbc = jdbc;
    }

    Optional<DomainInfo> domain(long domainId) {
        return jdbc.sql("select team_id, tags from inventory_domain_v where id = :id")
                .param("id", domainId)
                .query((rs, n) -> {
                    List<String> tags = ChannelStore.strings(rs.getArray("tags"));
                    return new DomainInfo(rs.getLong("team_id"), tags == null ? List.of() : tags);
                })
                .optional();
    }

    /**
     * Stores the event and its deliveries when at least one channel wants it.
     *
     * @return how many deliveries were written
     */
    int publish(NotificationEvent event, List<String> domainTags) {
        List<ChannelStore.Row> wanted = channels.enabledOf(event.teamId()).stream()
                .filter(c -> wants(c, event, domainTags))
                .toList();
        if (wanted.isEmpty()) {
            return 0;
        }
        long id = store.insertEvent(event);
        Instant now = Instant.now();
        for (ChannelStore.Row c : wanted) {
            store.insertDelivery(id, c.id(), c.digest() ? "DIGEST" : "PENDING", "EVENT", now);
        }
        log.info(
                "{} of {} {} on {}: {} deliveries queued",
                event.kind(),
                event.domain(),
                event.check(),
                event.target(),
                wanted.size());
        return wanted.size();
    }

    static boolean wants(ChannelStore.Row c, NotificationEvent event, List<String> domainTags) {
        if (!c.events().contains(event.kind())) {
            return false;
        }
        if (!c.tags().isEmpty() && c.tags().stream().noneMatch(domainTags::contains)) {
            return false;
        }
        Set<String> mitigations = Set.copyOf(c.mitigations());
        return mitigations.isEmpty() || (event.mitigation() != null && mitigations.contains(event.mitigation()));
    }
}
