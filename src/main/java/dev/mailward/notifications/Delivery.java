package dev.mailward.notifications;

import java.time.Instant;

/**
 * One message of one channel: an event's delivery, a test, a rate-limit summary or a digest.
 *
 * @param status {@code PENDING} (due at {@code nextAttemptAt}), {@code DIGEST} (waits for the daily digest),
 *     {@code SENT}, {@code DEAD} (retries exhausted; can be retried by hand) or {@code SUPPRESSED} (held
 *     back by the rate limit and counted in a summary)
 * @param purpose {@code EVENT}, {@code TEST}, {@code SUMMARY} or {@code DIGEST}
 * @param kind the event's kind; null for summaries and digests
 */
public record Delivery(
        long id,
        long channelId,
        Long eventId,
        NotificationKind kind,
        String domain,
        String check,
        String status,
        String purpose,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant sentAt) {

    /** Whether the console offers "retry". */
    public boolean retryable() {
        return "DEAD".equals(status);
    }
}
