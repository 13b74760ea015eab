package dev.mailward.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A team's notification channel as shown. The webhook secret is never part of it, only whether one is set.
 *
 * @param events the event kinds it sends (every kind when the channel was created without a choice)
 */
public record Channel(
        long id,
        long teamId,
        String teamName,
        String name,
        ChannelKind kind,
        List<String> targets,
        boolean secretSet,
        PayloadFormat format,
        Set<NotificationKind> events,
        List<String> tags,
        List<String> mitigations,
        boolean digest,
        boolean enabled,
        Instant createdAt,
        String createdBy,
        Instant updatedAt) {}
