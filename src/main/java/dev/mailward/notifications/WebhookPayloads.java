package dev.mailward.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook bodies. {@link PayloadFormat#GENERIC} is the stable schema
 * {@code static/schemas/notification.schema.json} (version 1: fields are added, never renamed or removed);
 * Slack and Mattermost get {@code {"text": ...}} and Microsoft Teams a {@code MessageCard}, with the values
 * escaped for their markup.
 */
@Component
class WebhookPayloads {

    /** The version of the generic schema. */
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageText text;

    WebhookPayloads(MessageText text) {
        this.text = text;
    }

    String body(PayloadFormat format, Message m, Instant now) {
        Object body = switch (format) {
            case SLACK, MATTERMOST -> Map.of("text", chat(m, true));
            case TEAMS -> teams(m);
            case GENERIC, EMAIL -> generic(m, now);
        };
        return JSON.writeValueAsString(body);
    }

    Map<String, Object> generic(Message m, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", VERSION);
        out.put("id", m.id());
        out.put("kind", m.single() ? m.event().kind().name() : m.purpose());
        out.put("team", m.teamName());
        if (m.single()) {
            out.putAll(event(m.event()));
        } else if (m.purpose().equals("SUMMARY")) {
            out.put("heldBack", m.heldBack());
            out.put("link", text.publicUrl() + "/notifications");
        } else {
            List<Map<String, Object>> events = new ArrayList<>();
            for (NotificationEvent e : m.events()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", "evt-" + e.id());
                one.put("kind", e.kind().name());
                one.putAll(event(e));
                events.add(one);
            }
            out.put("events", events);
        }
        out.put("time", now.toString());
        return out;
    }

    private Map<String, Object> event(NotificationEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("domain", e.domain());
        out.put("check", e.check());
        out.put("target", e.target());
        out.put("oldStatus", e.oldStatus());
        out.put("newStatus", e.newStatus());
        out.put("codes", e.codes());
        out.put("evidence", e.evidence());
        out.put("since", e.since().toString());
        out.put("link", text.link(e));
        return out;
    }

    private Map<String, Object> teams(Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("@type", "MessageCard");
        out.put("@context", "https://schema.org/extensions");
        out.put("summary", text.subject(m));
        out.put("title", markdown(text.subject(m)));
        out.put("text", chat(m, false));
        return out;
    }

    /** The message as chat text: Slack's and Mattermost's links, or Markdown for Teams. */
    private String chat(Message m, boolean slackLinks) {
        StringBuilder b = new StringBuilder();
        if (m.purpose().equals("SUMMARY")) {
            b.append(markdown(text.text("notifications.summary.body", m.heldBack())));
            return b.toString();
        }
        for (NotificationEvent e : m.events()) {
            b.append("**").append(markdown(text.title(e))).append("**\n\n");
            for (String[] f : text.facts(e)) {
                b.append(markdown(f[0])).append(": ").append(markdown(f[1])).append("\n\n");
            }
            String label = markdown(text.text("notifications.mail.open-guide"));
            b.append(slackLinks ? "<" + text.link(e) + "|" + label + ">" : "[" + label + "](" + text.link(e) + ")");
            b.append("\n\n");
        }
        return b.toString().strip();
    }

    /** Escapes what chat markup would interpret: Slack's control characters and Markdown's. */
    static String markdown(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '*', '_', '`', '~', '[', ']', '|', '#' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
