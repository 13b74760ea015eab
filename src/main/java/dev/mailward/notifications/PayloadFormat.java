package dev.mailward.notifications;

/**
 * The body a channel sends: {@link #EMAIL} for e-mail channels; for webhooks the generic JSON of
 * {@code static/schemas/notification.schema.json} or the message shape of Slack, Microsoft Teams or
 * Mattermost incoming webhooks.
 */
public enum PayloadFormat {
    EMAIL,
    GENERIC,
    SLACK,
    TEAMS,
    MATTERMOST
}
