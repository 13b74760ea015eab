package dev.mailward.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The words of a message, shared by e-mail (plain text and HTML) and the chat formats: the subject, what
 * changed, since when, the evidence in one line and the link to the domain's guide. Texts are message keys
 * of {@code messages/notifications.properties}; the values they carry are plain text here and escaped where
 * they are rendered (HTML by Thymeleaf, chat formats by {@link WebhookPayloads}).
 */
@Component
class MessageText {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final MessageSource messages;
    private final String publicUrl;

    MessageText(MessageSource messages, @Value("${mailward.public-url:http://localhost:8080}") String publicUrl) {
        this.messages = messages;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    String publicUrl() {
        return publicUrl;
    }

    String text(String key, Object... args) {
        return messages.getMessage(key, args, Locale.ENGLISH);
    }

    /** The link of an event: the guide of its mitigation for the domain, else the domain's results. */
    String link(NotificationEvent e) {
        if (e.domainId() == null) {
            return publicUrl + "/notifications";
        }
        if (e.mitigation() != null && !e.mitigation().isBlank()) {
            return publicUrl + "/mitigations/" + enc(e.mitigation()) + "/guide?domain=" + enc(e.domain());
        }
        return publicUrl + "/domains/" + e.domainId() + "/results";
    }

    String subject(Message m) {
        return switch (m.purpose()) {
            case "SUMMARY" -> text("notifications.mail.subject.summary", m.heldBack(), m.teamName());
            case "DIGEST" ->
                text("notifications.mail.subject.digest", m.events().size(), m.teamName());
            default -> text("notifications.mail.subject", title(m.event()));
        };
    }

    /** One line saying what happened, e.g. "Regression: example.org dmarc PASS → FAIL". */
    String title(NotificationEvent e) {
        String kind = text("notifications.kind." + e.kind().name());
        if (e.kind() == NotificationKind.TEST) {
            return kind;
        }
        String status = e.oldStatus() != null && e.newStatus() != null
                ? " " + e.oldStatus() + " → " + e.newStatus()
                : e.newStatus() != null ? " " + e.newStatus() : "";
        return kind + ": " + e.domain() + (e.check().isEmpty() ? "" : " " + e.check()) + status;
    }

    /** The lines of an event: what, where, since when, the evidence. */
    List<String[]> facts(NotificationEvent e) {
        List<String[]> out = new ArrayList<>();
        if (e.kind() == NotificationKind.TEST) {
            out.add(new String[] {text("notifications.fact.what"), text("notifications.test.body")});
            return out;
        }
        out.add(new String[] {
            text("notifications.fact.what"),
            text("notifications.what." + e.kind().name())
        });
        out.add(new String[] {text("notifications.fact.domain"), e.domain()});
        if (!e.check().isEmpty()) {
            out.add(new String[] {text("notifications.fact.check"), e.check() + " · " + e.target()});
        }
        if (e.oldStatus() != null || e.newStatus() != null) {
            out.add(new String[] {
                text("notifications.fact.status"),
                (e.oldStatus() == null ? "" : e.oldStatus() + " → ") + (e.newStatus() == null ? "" : e.newStatus())
            });
        }
        if (!e.codes().isEmpty()) {
            out.add(new String[] {text("notifications.fact.codes"), String.join(", ", e.codes())});
        }
        out.add(new String[] {text("notifications.fact.since"), TIME.format(e.since())});
        if (!e.evidence().isEmpty()) {
            out.add(new String[] {text("notifications.fact.evidence"), e.evidence()});
        }
        return out;
    }

    /** The plain-text body. */
    String plain(Message m) {
        StringBuilder b = new StringBuilder();
        switch (m.purpose()) {
            case "SUMMARY" ->
                b.append(text("notifications.summary.body", m.heldBack()))
                        .append("\n\n")
                        .append(publicUrl)
                        .append("/notifications\n");
            default -> {
                if (m.purpose().equals("DIGEST")) {
                    b.append(text("notifications.digest.body", m.events().size()))
                            .append("\n\n");
                }
                for (NotificationEvent e : m.events()) {
                    b.append(title(e)).append('\n');
                    for (String[] f : facts(e)) {
                        b.append("  ").append(f[0]).append(": ").append(f[1]).append('\n');
                    }
                    b.append("  ").append(link(e)).append("\n\n");
                }
            }
        }
        b.append("-- \n").append(text("notifications.mail.footer", m.teamName(), publicUrl + "/notifications"));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
