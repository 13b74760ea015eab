package dev.mailward.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.CheckOptions;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.shared.SecretBox;
import dev.mailward.testnet.TestHttpsServer;
import dev.mailward.testnet.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery against real loopback receivers with the dispatcher of a console whose webhook policy allows
 * loopback (as {@code mailward.checks.allow-targets=127.0.0.0/8} would): a receiver answering 500 gets retries
 * with growing delays, then the delivery is dead-lettered and shown on the console with "retry"; two
 * dispatchers (two replicas) polling one outbox send every delivery once; hostile webhook targets are refused
 * or bounded.
 */
@MailwardIntegrationTest
class WebhookDeliveryIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    Accounts accountsFacade;

    @Autowired
    OutboxStore outbox;

    @Autowired
    ChannelStore channels;

    @Autowired
    SecretBox secrets;

    @Autowired
    EmailSender email;

    @Autowired
    WebhookPayloads payloads;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    NotificationsProperties properties;

    @Autowired
    NotificationMetrics metrics;

    @Autowired
    Sweep sweep;

    @Autowired
    MockMvc mvc;

    private Dispatcher loopbackDispatcher() {
        WebhookSender webhook = new WebhookSender(
                TargetPolicy.allowing(List.of("127.0.0.0/8")),
                host -> List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(2));
        return new Dispatcher(
                outbox,
                channels,
                new Senders(email, webhook, payloads, secrets),
                accountsFacade,
                tx,
                properties,
                metrics,
                sweep);
    }

    private long channel(TeamRef team, String url) {
        return channels.insert(
                new ChannelCommand(
                        team.id(),
                        "hook",
                        ChannelKind.WEBHOOK,
                        List.of(url),
                        null,
                        PayloadFormat.GENERIC,
                        null,
                        List.of(),
                        List.of(),
                        false,
                        true),
                secrets.seal("0123456789abcdef-secret"),
                "test",
                Instant.now());
    }

    private long event(TeamRef team) {
        Instant now = Instant.now();
        long id = outbox.insertEvent(new NotificationEvent(
                0,
                NotificationKind.REGRESSION,
                team.id(),
                null,
                "retry.test",
                "dmarc",
                "retry.test",
                "PASS",
                "FAIL",
                List.of("DMARC_NO_RECORD"),
                "spf-dkim",
                "no DMARC record",
                now,
                now,
                null));
        return id;
    }

    @Test
    void receiverAnswering500GetsRetriesWithBackoffThenTheDeliveryIsDeadAndShownWithRetry() throws Exception {
        TeamRef team = accounts.team("dead");
        UserView operator = accounts.user("op", Role.OPERATOR, team);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer.set(500);
            long channel = channel(team, receiver.url());
            long eventId = event(team);
            outbox.insertDelivery(eventId, channel, "PENDING", "EVENT", Instant.now());
            Dispatcher d = loopbackDispatcher();

            d.runOnce();
            assertThat(receiver.received()).hasSize(1);
            Instant first = next(channel);
            assertThat(Duration.between(Instant.now(), first))
                    .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
            // time passes: the retry is due
            jdbc.update("update notification_delivery set next_attempt_at = now() where channel_id = ?", channel);
            d.runOnce();
            assertThat(receiver.received()).hasSize(2);
            assertThat(Duration.between(Instant.now(), next(channel)))
                    .as("the second delay doubles")
                    .isBetween(Duration.ofSeconds(110), Duration.ofSeconds(121));
            assertThat(status(channel)).isEqualTo("PENDING");
            // a day and more of failures
            jdbc.update(
                    "update notification_delivery set next_attempt_at = now(), created_at = now() - interval '25 hours'"
                            + " where channel_id = ?",
                    channel);
            d.runOnce();
            assertThat(status(channel)).isEqualTo("DEAD");
            assertThat(receiver.received()).hasSize(3);

            String page = mvc.perform(get("/notifications").with(user(accounts.principal(operator.username()))))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).contains("id=\"dead\"").contains("HTTP 500").contains("/retry");

            receiver.answer.set(204);
            long deliveryId = jdbc.queryForObject(
                    "select id from notification_delivery where channel_id = ?", Long.class, channel);
            assertThat(outbox.retry(deliveryId, Instant.now())).isTrue();
            d.runOnce();
            assertThat(status(channel)).isEqualTo("SENT");
            assertThat(receiver.received()).hasSize(4);
            assertThat(receiver.received().get(3).header("X-Mailward-Event")).isEqualTo("evt-" + eventId);
        }
    }

    @Test
    void twoDispatchersOnOneOutboxSendEachDeliveryOnce() throws Exception {
        TeamRef team = accounts.team("once");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            long channel = channel(team, receiver.url());
            for (int i = 0; i < 20; i++) {
                outbox.insertDelivery(event(team), channel, "PENDING", "EVENT", Instant.now());
            }
            Dispatcher a = loopbackDispatcher();
            Dispatcher b = loopbackDispatcher();
            CompletableFuture<Integer> fa = CompletableFuture.supplyAsync(a::runOnce);
            CompletableFuture<Integer> fb = CompletableFuture.supplyAsync(b::runOnce);
            fa.get();
            fb.get();
            NotificationConditionsIntegrationTests.drain(a);
            List<String> ids = receiver.received().stream()
                    .map(r -> r.header("X-Mailward-Event"))
                    .toList();
            assertThat(ids).hasSize(20).doesNotHaveDuplicates();
        }
    }

    @Test
    void hostileWebhookTargetsAreRefusedOrBounded() throws Exception {
        WebhookSender strict = new WebhookSender(
                TargetPolicy.strict(), host -> List.of(InetAddress.getLoopbackAddress()), Duration.ofSeconds(1));
        assertThat(strict.refusal("http://127.0.0.1:8080/hook"))
                .get()
                .asString()
                .contains("loopback");
        assertThat(strict.refusal("http://169.254.169.254/latest/meta-data"))
                .get()
                .asString()
                .contains("metadata");
        assertThat(strict.refusal("http://[::1]/hook")).isPresent();
        assertThat(strict.refusal("file:///etc/passwd")).isPresent();
        assertThat(strict.refusal("http://user:pw@example.test/")).isPresent();
        // a name that resolves into loopback is refused before any packet is sent
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strict.send("http://hooks.example.test/x", "s", "evt-1", "{}", Instant.now()))
                .hasMessageContaining("refused")
                .hasMessageContaining("loopback");

        WebhookSender lab = new WebhookSender(
                TargetPolicy.allowing(List.of("127.0.0.0/8")),
                host -> List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(1));
        try (ServerSocket redirecting = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                ServerSocket slow = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual()
                    .start(() ->
                            answer(redirecting, "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\n\r\n"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lab.send(
                            "http://127.0.0.1:" + redirecting.getLocalPort() + "/", "s", "evt-1", "{}", Instant.now()))
                    .hasMessageContaining("302")
                    .hasMessageContaining("not followed");
            // a server that drips one byte a little faster than the read timeout is cut off at the deadline
            Thread.ofVirtual().start(() -> drip(slow));
            Instant start = Instant.now();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lab.send(
                            "http://127.0.0.1:" + slow.getLocalPort() + "/", "s", "evt-1", "{}", Instant.now()))
                    .hasMessageContaining("within 1000 ms");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void httpsWebhookTrustsTheProbesCaBundleSoAPrivateLabReceiverIsReached(@TempDir Path dir) throws Exception {
        TestPki lab = new TestPki("Lab CA " + Instant.now());
        try (TestHttpsServer receiver =
                new TestHttpsServer(lab.issue("hooks.lab.test"), TestHttpsServer.respond(204, null, ""))) {
            String url = "https://hooks.lab.test:" + receiver.port() + "/hook";
            CheckOptions probes =
                    CheckOptions.defaults().withTargetPolicy(TargetPolicy.allowing(List.of("127.0.0.0/8")));
            WebhookSender.Resolver loopback = host -> List.of(InetAddress.getLoopbackAddress());

            WebhookSender jdkCas = new WebhookSender(probes, loopback, Duration.ofSeconds(2));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> jdkCas.send(url, "s", "evt-1", "{}", Instant.now()))
                    .as("the lab's CA is not among the JDK's")
                    .isInstanceOf(SendFailed.class);
            assertThat(receiver.requests()).isEmpty();

            WebhookSender labCas =
                    new WebhookSender(probes.withCaBundle(lab.writeCaBundle(dir)), loopback, Duration.ofSeconds(2));
            assertThat(labCas.send(url, "s", "evt-2", "{}", Instant.now())).isEqualTo(204);
            assertThat(receiver.requests())
                    .singleElement()
                    .asString()
                    .startsWith("POST /hook ")
                    .contains("X-Mailward-Event: evt-2")
                    .contains("Host: hooks.lab.test:" + receiver.port());

            WebhookSender otherName =
                    new WebhookSender(probes.withCaBundle(lab.writeCaBundle(dir)), loopback, Duration.ofSeconds(2));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherName.send(
                            "https://other.lab.test:" + receiver.port() + "/hook", "s", "evt-3", "{}", Instant.now()))
                    .as("the certificate is checked against the URL's host name")
                    .isInstanceOf(SendFailed.class);
        }
    }

    private static void answer(ServerSocket server, String response) {
        try (Socket s = server.accept()) {
            s.getInputStream().read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** Pacing a simulated slow peer (not synchronisation): one byte every 300 ms, never a full head. */
    private static void drip(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.getInputStream().read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 100; i++) {
                out.write('H');
                out.flush();
                Thread.sleep(300);
            }
        } catch (IOException | InterruptedException ignored) {
            // the client hung up at its deadline
        }
    }

    private Instant next(long channel) {
        return jdbc.queryForObject(
                        "select next_attempt_at from notification_delivery where channel_id = ?",
                        java.sql.Timestamp.class,
                        channel)
                .toInstant();
    }

    private String status(long channel) {
        return jdbc.queryForObject(
                "select status from notification_delivery where channel_id = ?", String.class, channel);
    }
}
