package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.mtasts.MtaStsCheck;
import dev.mailward.checks.rdns.PtrCheck;
import dev.mailward.checks.rdns.PtrObservation;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import dev.mailward.probe.testservers.ServerTls;
import dev.mailward.testnet.LabDns;
import dev.mailward.testnet.TestHttpsServer;
import dev.mailward.testnet.TestPki;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Each fact a domain run needs in two families is observed once: the MTA-STS policy (mta-sts and
 * the strict MX name check of endpoints) and the PTR of each MX address (ptr and the banner
 * comparison of endpoints). Counted where it happens: requests reaching a loopback HTTPS policy
 * server and PTR queries reaching a loopback DNS server, with the resolver's cache off.
 */
class RunObservationsTests {

    private static final String DOMAIN = "once.test";
    private static final String PTR_NAME = "1.0.0.127.in-addr.arpa";
    private static final String ENFORCE = "version: STSv1\nmode: enforce\nmx: mx.once.test\nmax_age: 604800\n";

    @TempDir
    Path tmp;

    private LabDns lab;
    private TestHttpsServer https;
    private ScriptedServer smtp;
    private CheckOptions options;

    @BeforeEach
    void start() throws Exception {
        TestPki pki = new TestPki("Mailward Test CA");
        https = new TestHttpsServer(
                pki.issue("mta-sts." + DOMAIN), TestHttpsServer.respond(200, "text/plain", ENFORCE));
        smtp = new ScriptedServer(
                MailServers.Smtp.hardened(ServerTls.modern(Probing.MX_CERT)).script());
        // LabDns' resolver has no cache: every lookup the checks make reaches the server
        lab = new LabDns("""
                $ORIGIN once.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN MX 10 mx
                mx IN A 127.0.0.1
                mta-sts IN A 127.0.0.1
                _mta-sts IN TXT "v=STSv1; id=20260101"
                """, """
                $ORIGIN 127.in-addr.arpa.
                $TTL 300
                @ IN SOA ns1.once.test. hostmaster.once.test. 1 3600 600 86400 300
                1.0.0 IN PTR smtp.other.once.test.
                """);
        options = Probing.options().withCaBundle(pki.writeCaBundle(tmp)).withCheckTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        lab.close();
        https.close();
        smtp.close();
    }

    private Map<String, CheckResult> run(List<Check<?>> families) {
        try (CheckRunner runner = new CheckRunner(new CheckRegistry(families), lab.client(), 8)) {
            return runner.run(DOMAIN, options).results().stream()
                    .collect(Collectors.toMap(r -> r.check() + " " + r.target(), r -> r));
        }
    }

    private long policyFetches() {
        return https.requests().stream()
                .filter(r -> r.contains(MtaStsCheck.POLICY_PATH))
                .count();
    }

    private static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    private void assertProbesUsedPolicyAndPtr(Map<String, CheckResult> r) {
        assertThat(r.get("endpoints " + DOMAIN).evidence().details()).containsEntry("mtaStsEnforce", true);
        CheckResult banner = r.get("banner mx.once.test:" + smtp.port());
        assertThat(codes(banner)).contains("PTR_EHLO_MISMATCH");
        assertThat(banner.findings().stream()
                        .filter(f -> f.code().equals("PTR_EHLO_MISMATCH"))
                        .findFirst()
                        .orElseThrow()
                        .message())
                .isEqualTo("the banner of mx.once.test:" + smtp.port()
                        + " names 'mx.test' but the PTR of 127.0.0.1 is smtp.other.once.test");
    }

    @Test
    void fetchesTheMtaStsPolicyOnceAndLooksUpThePtrOncePerDomainRun() {
        DomainProbes probes = new DomainProbes(Probing.prober(), smtp.port(), https.port());
        Map<String, CheckResult> r = run(List.of(new MtaStsCheck(https.port()), new PtrCheck(), probes));

        assertThat(policyFetches()).isEqualTo(1);
        assertThat(lab.server().queryCount(PTR_NAME, Type.PTR)).isEqualTo(1);
        assertThat(codes(r.get("mta-sts " + DOMAIN))).contains("MTASTS_MODE_ENFORCE", "MTASTS_MX_COVERED");
        assertThat(codes(r.get("ptr 127.0.0.1"))).containsExactly("PTR_NOT_FORWARD_CONFIRMED");
        assertProbesUsedPolicyAndPtr(r);
    }

    @Test
    void withoutTheMtaStsAndPtrFamiliesTheProbesFetchThePolicyAndLookUpThePtrThemselvesOnce() {
        DomainProbes probes = new DomainProbes(Probing.prober(), smtp.port(), https.port());
        Map<String, CheckResult> r = run(List.of(probes));

        assertThat(policyFetches()).isEqualTo(1);
        assertThat(lab.server().queryCount(PTR_NAME, Type.PTR)).isEqualTo(1);
        assertThat(r.keySet()).noneMatch(k -> k.startsWith("mta-sts ") || k.startsWith("ptr "));
        assertProbesUsedPolicyAndPtr(r);
    }

    @Test
    void familiesAskingWhileTheFactIsObservedWaitForThatObservation() throws Exception {
        RunObservations observations = new RunObservations();
        InetAddress address = InetAddress.getLoopbackAddress();
        CountDownLatch observing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        PtrObservation.Address seen = new PtrObservation.Address(address, Instant.now(), Duration.ZERO, List.of());
        Instant deadline = Instant.now().plusSeconds(10);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<PtrObservation.Address>> first =
                    pool.submit(() -> observations.ptr(address, deadline, () -> {
                        lookups.incrementAndGet();
                        observing.countDown();
                        awaitQuietly(release);
                        return seen;
                    }));
            assertThat(observing.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Optional<PtrObservation.Address>> second =
                    pool.submit(() -> observations.ptr(address, deadline, () -> {
                        lookups.incrementAndGet();
                        return seen;
                    }));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).containsSame(seen);
            assertThat(second.get(10, TimeUnit.SECONDS)).containsSame(seen);
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aFailedObservationIsNotWaitedForUntilTheDeadline() {
        RunObservations observations = new RunObservations();
        InetAddress address = InetAddress.getLoopbackAddress();
        Instant deadline = Instant.now().plusSeconds(30);
        assertThatThrownBy(() -> observations.ptr(address, deadline, () -> {
                    throw new IllegalStateException("resolver broke");
                }))
                .isInstanceOf(IllegalStateException.class);

        Instant asked = Instant.now();
        assertThat(observations.ptr(address, deadline, () -> {
                    throw new AssertionError("observed twice");
                }))
                .isEmpty();
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
