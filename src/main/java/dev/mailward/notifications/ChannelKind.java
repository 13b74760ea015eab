package dev.mailward.notifications;

/** How a channel delivers: e-mail to one or more addresses, or an HTTP POST to a webhook URL. */
public enum ChannelKind {
    EMAIL,
    WEBHOOK
}
