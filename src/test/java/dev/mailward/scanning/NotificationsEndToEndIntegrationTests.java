package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.notifications.NotificationsTestSupport;
import dev.mailward.notifications.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Issue 19 end to end on loopback: a zone served by the tests' DNS server loses its DMARC record, the next scan
 * confirms the regression, and exactly one e-mail reaches a real SMTP server (GreenMail) and exactly one signed
 * webhook a real HTTP server; the recovery brings one of each again. The scans record with no dispatcher
 * running (the test contexts do not poll), and a dispatcher started afterwards sends each once: what a console
 * stopped between recording and sending does after its restart.
 */
class NotificationsEndToEndIntegrationTests extends ScanningTestSupport {

    static final GreenMail SMTP_SERVER = smtpServer();
    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    static final String SECRET = "0123456789abcdef-e2e-secret";

    @Autowired
    NotificationsTestSupport notifications;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_SERVER.getSmtp().getPort());
        registry.add("mailward.notifications.from", () -> "alerts@mailward.test");
        registry.add("mailward.public-url", () -> "https://console.mailward.test");
    }

    private static GreenMail smtpServer() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    @AfterAll
    static void stop() {
        SMTP_SERVER.stop();
        RECEIVER.close();
    }

    @Test
    void dmarcRemovedIsOneMailAndOneSignedWebhookAndTheRecoveryOneOfEachAgain() throws Exception {
        TeamRef team = accounts.team("notify");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("alerts");
        // the RFC 9989 tree walk asks the parent too; on the internet "_dmarc.test" does not exist
        DNS.rcode("_dmarc.test", Type.TXT, Rcode.NXDOMAIN);
        serveZone(name, true);
        long id = domain(name, team, 1440, List.of());
        createChannel(operator, """
                {"teamId":%d,"kind":"EMAIL","target":["ops@example.test","oncall@example.test"]}
                """.formatted(team.id()));
        createChannel(operator, """
                {"teamId":%d,"kind":"WEBHOOK","target":"%s","secret":"%s","format":"GENERIC"}
                """.formatted(team.id(), RECEIVER.url(), SECRET));
        checkNow(id, operator, 1);
        notifications.deliverNow();
        assertThat(mailsTo("ops@example.test")).isEmpty();

        serveZone(name, false);
        checkNow(id, operator, 2);
        assertThat(pending(id))
                .as("written with the result, waiting for a dispatcher")
                .isEqualTo(2);
        notifications.deliverNow();
        notifications.deliverNow();

        List<MimeMessage> all = mailsTo("ops@example.test");
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage m : all) {
            subjects.add(m.getSubject());
        }
        List<MimeMessage> mails = new java.util.ArrayList<>();
        for (MimeMessage m : all) {
            if (m.getSubject().contains(" dmarc ")) {
                mails.add(m);
            }
        }
        assertThat(mails).as("mails %s", subjects).hasSize(1);
        MimeMessage mail = mails.getFirst();
        assertThat(mail.getSubject()).contains("Regression").contains(name).contains("dmarc");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@mailward.test");
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
        assertThat(body).contains("https://console.mailward.test/mitigations/").contains("DMARC_MISSING");
        assertThat(dmarcMails("oncall@example.test")).hasSize(1);

        List<WebhookReceiver.Received> hooks = hooksFor(name);
        assertThat(hooks).hasSize(1);
        WebhookReceiver.Received hook = hooks.getFirst();
        verifySignature(hook);
        assertThat(hook.body())
                .contains("\"kind\":\"REGRESSION\"")
                .contains("\"check\":\"dmarc\"")
                .contains("\"oldStatus\":\"WARN\"")
                .contains("\"newStatus\":\"FAIL\"")
                .contains("\"DMARC_MISSING\"")
                .contains("\"team\":\"" + team.name() + "\"");

        serveZone(name, true);
        checkNow(id, operator, 3);
        notifications.deliverNow();
        notifications.deliverNow();
        assertThat(dmarcMails("ops@example.test")).hasSize(2);
        assertThat(dmarcMails("ops@example.test").get(1).getSubject())
                .contains("Recovery")
                .contains(name);
        List<WebhookReceiver.Received> after = hooksFor(name);
        assertThat(after).hasSize(2);
        verifySignature(after.get(1));
        assertThat(after.get(1).body())
                .contains("\"kind\":\"RECOVERY\"")
                .contains("\"oldStatus\":\"FAIL\"")
                .contains("\"newStatus\":\"WARN\"");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(
                        dmarcMails("ops@example.test").get(1)))
                .contains("WARN");
    }

    private void serveZone(String name, boolean withDmarc) {
        StringBuilder z = new StringBuilder();
        z.append("$ORIGIN ").append(name).append(".\n$TTL 300\n");
        z.append("@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        z.append("@ IN MX 10 mail\nmail IN A 192.0.2.25\n");
        z.append("@ IN TXT \"v=spf1 mx -all\"\n");
        if (withDmarc) {
            z.append("_dmarc IN TXT \"v=DMARC1; p=reject\"\n");
        }
        DNS.replaceZone(z.toString());
    }

    private void createChannel(UserView user, String json) throws Exception {
        mvc.perform(post("/api/v1/notification-channels")
                        .with(as(user))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated());
    }

    private void checkNow(long id, UserView user, int runs) throws Exception {
        mvc.perform(post("/domains/{id}/check", id).with(as(user)).with(csrf())).andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from check_run where domain_id = ? and finished_at is not null",
                                Integer.class,
                                id)
                        == runs);
    }

    private int pending(long domainId) {
        return jdbc.queryForObject(
                "select count(*) from notification_delivery d join notification_event e on e.id = d.event_id "
                        + "where d.status = 'PENDING' and e.domain_id = ?",
                Integer.class,
                domainId);
    }

    /** The distinct messages addressed to {@code address} (GreenMail keeps one copy per recipient). */
    private static List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage m : SMTP_SERVER.getReceivedMessages()) {
            for (var r : m.getAllRecipients()) {
                if (r.toString().equals(address) && seen.add(m.getMessageID())) {
                    out.add(m);
                    break;
                }
            }
        }
        return out;
    }

    /** The messages about the DMARC result (removing the record may make another check worse too). */
    private static List<MimeMessage> dmarcMails(String address) throws Exception {
        List<MimeMessage> out = new java.util.ArrayList<>();
        for (MimeMessage m : mailsTo(address)) {
            if (m.getSubject().contains(" dmarc ")) {
                out.add(m);
            }
        }
        return out;
    }

    /** The webhooks about the DMARC result of the domain. */
    private static List<WebhookReceiver.Received> hooksFor(String domain) {
        return RECEIVER.received().stream()
                .filter(r -> r.body().contains("\"domain\":\"" + domain + "\""))
                .filter(r -> r.body().contains("\"check\":\"dmarc\""))
                .toList();
    }

    /** What a receiver does: HMAC-SHA256 of "timestamp.body" under the secret, and a fresh timestamp. */
    private static void verifySignature(WebhookReceiver.Received r) throws Exception {
        String ts = r.header("X-Mailward-Timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)))
                .isLessThan(300);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256="
                + HexFormat.of().formatHex(mac.doFinal((ts + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.header("X-Mailward-Signature")).isEqualTo(expected);
    }
}
