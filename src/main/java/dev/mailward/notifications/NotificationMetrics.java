package dev.mailward.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The notifications' meters: {@code mailward.notifications.deliveries} (counter, tag {@code outcome}:
 * {@code sent}, {@code retry}, {@code dead}, {@code suppressed}) and {@code mailward.notifications.outbox.backlog}
 * (gauge: deliveries waiting to be sent, read from the outbox when scraped). Bounded tags: no channel or domain.
 */
@Component
class NotificationMetrics {

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry, OutboxStore outbox) {
        this.registry = registry;
        Gauge.builder("mailward.notifications.outbox.backlog", outbox, OutboxStore::backlog)
                .description("Notification deliveries waiting to be sent")
                .register(registry);
    }

    void delivered(String outcome) {
        Counter.builder("mailward.notifications.deliveries")
                .description("Notification delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
