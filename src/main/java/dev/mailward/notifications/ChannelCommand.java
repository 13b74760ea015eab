package dev.mailward.notifications;

import java.util.List;
import java.util.Set;

/**
 * What a channel should be, as the console's form and the API give it.
 *
 * @param teamId the team whose domains it reports on
 * @param name a label (at most 100 characters; default: the kind and first target)
 * @param kind e-mail or webhook
 * @param targets the e-mail addresses (1 to 20), or one webhook URL ({@code http} or {@code https})
 * @param secret the webhook's HMAC secret (at least 16 characters); null on an update keeps the stored one
 * @param format the webhook payload format; ignored for e-mail
 * @param events the event kinds to send; null or empty: every kind
 * @param tags only domains with one of these tags; empty: every domain of the team
 * @param mitigations only results of these mitigations (ids, e.g. {@code dmarc}); empty: all
 * @param digest whether the events are collected into one daily message
 * @param enabled whether the channel sends at all
 */
public record ChannelCommand(
        Long teamId,
        String name,
        ChannelKind kind,
        List<String> targets,
        String secret,
        PayloadFormat format,
        Set<NotificationKind> events,
        List<String> tags,
        List<String> mitigations,
        boolean digest,
        boolean enabled) {}
