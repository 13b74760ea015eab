package dev.mailward.probe;

import static dev.mailward.probe.testservers.Probing.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile or broken peers: every session ends within its bound, as ERROR with a clear reason. */
class HostilePeerTests {

    private static Map<String, CheckResult> probeFor(ScriptedServer.Script script, Duration deadline) throws Exception {
        try (ScriptedServer s = new ScriptedServer(script)) {
            return Probing.byId(Probing.prober()
                    .probe(
                            Probing.endpoint("mx.test", s, Protocol.SMTP),
                            Probing.options(),
                            Instant.now().plus(deadline)));
        }
    }

    private static void assertAllErrorBecause(Map<String, CheckResult> r, String... reason) {
        assertThat(r.get("starttls").status()).as(describe(r.get("starttls"))).isEqualTo(Status.ERROR);
        assertThat(r.get("starttls").findings().getFirst().message()).contains(reason);
        for (CheckResult res : r.values()) {
            assertThat(res.status()).as(describe(res)).isIn(Status.ERROR);
        }
    }

    private static long timed(ThrowingRunnable r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void greetingThatNeverEndsHitsTheReadTimeout() throws Exception {
        long ms = timed(() -> assertAllErrorBecause(
                probeFor(
                        c -> {
                            c.send("220-mx.test hold on");
                            c.readLine(); // wait silently until the client gives up
                        },
                        Duration.ofSeconds(5)),
                "server silent for 700 ms (read timeout) while waiting for the greeting"));
        assertThat(ms).isLessThan(3000);
    }

    @Test
    void oneBytePerIntervalHitsTheSessionDeadline() throws Exception {
        long ms = timed(() -> assertAllErrorBecause(
                probeFor(
                        c -> {
                            byte[] drip = "220-slow slow slow slow slow slow slow slow slow slow slow"
                                    .getBytes(StandardCharsets.US_ASCII);
                            for (byte b : drip) {
                                c.raw(new byte[] {b});
                                Thread.sleep(300); // pacing the hostile peer, not synchronising the test
                            }
                        },
                        Duration.ofMillis(1500)),
                "session deadline reached while waiting for the greeting"));
        assertThat(ms).isLessThan(3000);
    }

    @Test
    void tenThousandContinuationLinesHitTheReplyLineLimit() throws Exception {
        long ms = timed(() -> assertAllErrorBecause(
                probeFor(
                        c -> {
                            for (int i = 0; i < 10_000; i++) {
                                c.send("220-line " + i);
                            }
                        },
                        Duration.ofSeconds(5)),
                "reply has more than 100 lines while waiting for the greeting"));
        // the reason above proves the line limit ended it, not the 5 s deadline; the bound allows a loaded machine
        assertThat(ms).isLessThan(10_000);
    }

    @Test
    void binaryGarbageIsRejectedAsMalformedOrOverlong() throws Exception {
        Map<String, CheckResult> r = probeFor(
                c -> {
                    byte[] junk = new byte[8192];
                    new Random(42).nextBytes(junk);
                    c.raw(junk);
                    c.readLine();
                },
                Duration.ofSeconds(5));
        assertThat(r.get("starttls").status()).isEqualTo(Status.ERROR);
        assertThat(r.get("starttls").findings().getFirst().message())
                .containsAnyOf("malformed SMTP reply", "line longer");
        assertThat(r.get("starttls").evidence().transcript())
                .allSatisfy(l -> assertThat(l.text()).doesNotContainPattern("[\\x00-\\x1f\\x7f]"));
    }

    @Test
    void stalledTlsHandshakeIsErrorNotFail() throws Exception {
        long ms = timed(() -> {
            Map<String, CheckResult> r = probeFor(
                    c -> {
                        c.send("220 mx.test ESMTP");
                        c.readLine();
                        c.send("250-mx.test", "250 STARTTLS");
                        c.readLine();
                        c.send("220 go ahead");
                        var in = c.socket().getInputStream();
                        while (in.read() >= 0) {
                            // swallow the ClientHello and never answer
                        }
                    },
                    Duration.ofSeconds(5));
            CheckResult starttls = r.get("starttls");
            assertThat(starttls.status()).as(describe(starttls)).isEqualTo(Status.ERROR);
            assertThat(starttls.findings().getFirst().message()).contains("read timeout", "TLS handshake");
        });
        assertThat(ms).isLessThan(3000);
    }

    @Test
    void resetInTheMiddleOfAReplyIsError() throws Exception {
        Map<String, CheckResult> r = probeFor(
                c -> {
                    c.send("220 mx.test ESMTP");
                    c.readLine();
                    c.raw("250-mx.test\r\n250-PIPEL".getBytes(StandardCharsets.US_ASCII));
                    c.reset();
                },
                Duration.ofSeconds(5));
        for (String id : List.of("starttls", "auth-before-tls", "open-relay", "vrfy", "expn", "tls-versions")) {
            assertThat(r.get(id).status()).as(describe(r.get(id))).isEqualTo(Status.ERROR);
        }
        assertThat(r.get("starttls").findings().getFirst().message())
                .containsAnyOf(
                        "connection reset by the server while reading EHLO",
                        "server closed the connection in the middle of a line while reading EHLO");
        // what was seen before the reset still counts
        assertThat(r.get("banner").status()).isEqualTo(Status.PASS);
    }

    @Test
    void refusedConnectionIsError() throws Exception {
        int port;
        try (ScriptedServer s = new ScriptedServer(c -> {})) {
            port = s.port();
        }
        Endpoint gone = new Endpoint("mx.test", port, List.of(Probing.loopback()), Protocol.SMTP);
        Map<String, CheckResult> r = Probing.byId(Probing.prober().probe(gone, Probing.options(), Probing.deadline()));
        assertAllErrorBecause(r, "refused");
    }

    @Test
    void addressRefusedByPolicyIsNeverContacted() throws Exception {
        try (ScriptedServer s = new ScriptedServer(c -> c.send("220 hi"))) {
            Map<String, CheckResult> r = Probing.byId(Probing.prober()
                    .probe(
                            Probing.endpoint("mx.test", s, Protocol.SMTP),
                            Probing.options().withTargetPolicy(TargetPolicy.strict()),
                            Probing.deadline()));
            assertAllErrorBecause(r, "127.0.0.1 is in 127.0.0.0/8, loopback");
            assertThat(s.connections()).isZero();
        }
    }

    @Test
    void hostilePeersLeaveNoThreadsOrSockets() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        var os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // warm up class loading and the JDK's lazily started threads
        greetingThatNeverEndsHitsTheReadTimeout();
        stalledTlsHandshakeIsErrorNotFail();
        int baseThreads = threads.getThreadCount();
        long baseFds = os.getOpenFileDescriptorCount();

        greetingThatNeverEndsHitsTheReadTimeout();
        tenThousandContinuationLinesHitTheReplyLineLimit();
        stalledTlsHandshakeIsErrorNotFail();
        resetInTheMiddleOfAReplyIsError();
        binaryGarbageIsRejectedAsMalformedOrOverlong();

        // polled in this thread so that Awaitility's own poller is not counted
        await().pollInSameThread().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(threads.getThreadCount()).isLessThanOrEqualTo(baseThreads);
            assertThat(os.getOpenFileDescriptorCount()).isLessThanOrEqualTo(baseFds);
        });
    }
}
