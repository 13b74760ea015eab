package dev.mailward.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The notifications' meters: {@code mailward.notifications.deliveries} (counter, tag {@code outcome}:
 * {@code sent}, {@code retry}, {@code dead}, {@code suppressed}) and {@code mailward.notifications.outbox.backlog}
 * (gauge: deliveries waiting to be sent, read from the outbox when scraped). Bounded tags: no channel or domain.
 */
@Component
class NotificationMetrics {

    /** Every outcome {@link #delivered} is called with: registered at start, so a scrape shows zeros, not gaps. */
    static final List<String> OUTCOMES = List.of("sent", "retry", "dead", "suppressed");

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry, OutboxStore outbox) {
        this.registry = registry;
        OUTCOMES.forEach(this::counter);
        Gauge.builder("mailward.notifications.outbox.backlog", outbox, OutboxStore::backlog)
                .description("Notification deliveries waiting to be sent")
                .register(registry);
    }

    void delivered(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("mailward.notifications.deliveries")
                .description("Notification delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
