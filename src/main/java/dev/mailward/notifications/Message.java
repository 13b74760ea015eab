package dev.mailward.notifications;

import java.util.List;

/**
 * What one delivery sends to one channel.
 *
 * @param purpose {@code EVENT} or {@code TEST} (one event), {@code SUMMARY} (how many messages the rate limit
 *     held back) or {@code DIGEST} (the day's events in one message)
 * @param deliveryId the delivery row (the message id of summaries and digests)
 * @param events the event, or the digest's events
 * @param heldBack for a summary: how many messages were held back
 * @param teamName the channel's team
 */
record Message(String purpose, long deliveryId, List<NotificationEvent> events, int heldBack, String teamName) {

    /** The one event of an {@code EVENT} or {@code TEST} message. */
    NotificationEvent event() {
        return events.getFirst();
    }

    boolean single() {
        return purpose.equals("EVENT") || purpose.equals("TEST");
    }

    /** The id receivers see: the event's for an event (stable across retries), else the delivery's. */
    String id() {
        return single() && event().id() > 0 ? "evt-" + event().id() : purpose.toLowerCase() + "-" + deliveryId;
    }
}
