/**
 * Notifications: e-mail and webhook alerts of a team on confirmed regressions, recoveries and expiries,
 * derived from the results the scans record (never a re-check). Owns the channels of each team
 * ({@code notification_channel}), the transactional outbox ({@code notification_event},
 * {@code notification_delivery}) and what was alerted ({@code notification_alert_state}); the pages
 * {@code /notifications} and the API {@code /api/v1/notification-channels}.
 *
 * <p>It listens to {@link dev.mailward.results.ResultChanged} synchronously, inside the transaction that
 * records the result, and writes the event and one delivery per matching channel there
 * ({@code ResultChangeListener}); a sweep derives the expiries and error streaks from the results'
 * published views. The dispatcher sends due deliveries with {@code FOR UPDATE SKIP LOCKED}, retries with
 * exponential backoff and dead-letters what keeps failing. Facade: {@link
 * dev.mailward.notifications.NotificationChannels}. Publishes {@code shared.AuditableAction}
 * {@code notification.channel-*}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Notifications",
        allowedDependencies = {"accounts", "checks", "dns", "probe", "reportintake", "results", "shared"})
package dev.mailward.notifications;
