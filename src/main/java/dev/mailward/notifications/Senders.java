package dev.mailward.notifications;

import dev.mailward.shared.SecretBox;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Sends a message through a channel: e-mail, or the webhook in the channel's format with its secret. */
@Component
class Senders {

    private final EmailSender email;
    private final WebhookSender webhook;
    private final WebhookPayloads payloads;
    private final SecretBox secrets;

    Senders(EmailSender email, WebhookSender webhook, WebhookPayloads payloads, SecretBox secrets) {
        this.email = email;
        this.webhook = webhook;
        this.payloads = payloads;
        this.secrets = secrets;
    }

    void send(ChannelStore.Row c, Message m, Instant now) throws SendFailed {
        switch (c.kind()) {
            case EMAIL -> email.send(c.targets(), m);
            case WEBHOOK -> {
                String secret = c.secretSealed() == null ? "" : secrets.open(c.secretSealed());
                webhook.send(c.targets().getFirst(), secret, m.id(), payloads.body(c.format(), m, now), now);
            }
        }
    }
}
