package dev.mailward.notifications;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Sends a message as e-mail through Spring Boot's mail sender ({@code spring.mail.*}: host, port, user name,
 * password, {@code spring.mail.properties.mail.smtp.starttls.required}) from
 * {@code mailward.notifications.from}: a plain-text and an HTML alternative. The HTML comes from the
 * template {@code notifications/mail.html}, where every value is written with {@code th:text} (escaped).
 */
@Component
class EmailSender {

    static final String TEMPLATE = "notifications/mail";

    private final ObjectProvider<JavaMailSender> mail;
    private final ITemplateEngine templates;
    private final MessageText text;
    private final NotificationsProperties properties;

    EmailSender(
            ObjectProvider<JavaMailSender> mail,
            ITemplateEngine templates,
            MessageText text,
            NotificationsProperties properties) {
        this.mail = mail;
        this.templates = templates;
        this.text = text;
        this.properties = properties;
    }

    /** Whether the address is one e-mail address (no display name, no list). */
    static boolean validAddress(String address) {
        try {
            InternetAddress a = new InternetAddress(address, true);
            return a.getPersonal() == null && address.strip().equals(a.getAddress()) && address.contains("@");
        } catch (AddressException e) {
            return false;
        }
    }

    void send(List<String> to, Message m) throws SendFailed {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new SendFailed("no mail server configured (spring.mail.host)");
        }
        try {
            MimeMessage mime = sender.createMimeMessage();
            MimeMessageHelper h = new MimeMessageHelper(mime, true, "UTF-8");
            h.setFrom(properties.from());
            h.setTo(to.toArray(String[]::new));
            h.setSubject(text.subject(m));
            h.setText(text.plain(m), html(m));
            mime.setHeader("X-Mailward-Event", m.id());
            sender.send(mime);
        } catch (MessagingException | MailException e) {
            throw new SendFailed("e-mail not accepted: " + rootMessage(e), e);
        }
    }

    String html(Message m) {
        Context ctx = new Context(Locale.ENGLISH);
        ctx.setVariable("message", m);
        ctx.setVariable("subject", text.subject(m));
        ctx.setVariable(
                "items",
                m.events().stream()
                        .map(e -> new Item(text.title(e), text.facts(e), text.link(e)))
                        .toList());
        ctx.setVariable("consoleLink", text.publicUrl() + "/notifications");
        return templates.process(TEMPLATE, ctx);
    }

    /** One event as the HTML template shows it. */
    record Item(String title, List<String[]> facts, String link) {}

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
