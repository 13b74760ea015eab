package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.mailbox.MailboxCode;
import dev.mailward.checks.smtp.SmtpCode;
import dev.mailward.checks.tls.TlsCode;
import dev.mailward.probe.AddressLimiter;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import dev.mailward.probe.testservers.ServerTls;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EndpointProberTests {

    private static final ServerTls TLS = ServerTls.modern(Probing.MX_CERT);

    @Test
    void sharedHostIsProbedOncePerCycleButJudgedPerHostName() throws Exception {
        try (ScriptedServer s =
                new ScriptedServer(MailServers.Smtp.hardened(TLS).script())) {
            EndpointProber cycle = Probing.prober();
            var first = Probing.byId(
                    cycle.probe(Probing.endpoint("mx.test", s, Protocol.SMTP), Probing.options(), Probing.deadline()));
            int afterFirst = s.connections();
            var second = Probing.byId(cycle.probe(
                    Probing.endpoint("other.test", s, Protocol.SMTP), Probing.options(), Probing.deadline()));

            assertThat(afterFirst).isEqualTo(5); // main session + one per TLS version
            assertThat(s.connections()).isEqualTo(afterFirst);
            assertThat(first.get("certificate").status()).isEqualTo(Status.PASS);
            assertThat(second.get("certificate").target()).startsWith("other.test:");
            assertThat(second.get("certificate").status()).isEqualTo(Status.WARN); // names mx.test, not other.test
        }
    }

    @Test
    void politenessLimiterKeepsOneSessionPerAddressAtATime() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        ScriptedServer.Script smtp = MailServers.Smtp.hardened(TLS).script();
        try (ScriptedServer s = new ScriptedServer(c -> {
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                smtp.run(c);
            } finally {
                open.decrementAndGet();
            }
        })) {
            // three distinct endpoints (no cache hit) on one address, probed from three threads
            EndpointProber cycle = new EndpointProber(Probing.fastLimits(), AddressLimiter.oneAtATime(), false);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<List<CheckResult>>> futures = new ArrayList<>();
                for (Protocol p : List.of(Protocol.SMTP, Protocol.SUBMISSION, Protocol.SUBMISSIONS)) {
                    Endpoint e = new Endpoint(
                            "mx" + p.ordinal() + ".test",
                            s.port(),
                            List.of(Probing.loopback()),
                            p == Protocol.SUBMISSIONS ? Protocol.SUBMISSION : p);
                    futures.add(pool.submit(() -> cycle.probe(e, Probing.options(), Probing.deadline())));
                }
                for (Future<List<CheckResult>> f : futures) {
                    assertThat(f.get()).isNotEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(s.connections()).isGreaterThanOrEqualTo(2);
            assertThat(maxOpen.get()).isEqualTo(1);
        }
    }

    @Test
    void unreadableCaBundleIsErrorForEveryCheckId() {
        Endpoint e = new Endpoint("mx.test", 25, List.of(Probing.loopback()), Protocol.SMTP);
        List<CheckResult> r = Probing.prober()
                .probe(
                        e,
                        Probing.options().withCaBundle(java.nio.file.Path.of("/nonexistent/ca.pem")),
                        Probing.deadline());
        assertThat(r).extracting(CheckResult::check).containsExactlyElementsOf(EndpointProber.checkIds(e));
        assertThat(r).allSatisfy(x -> {
            assertThat(x.status()).isEqualTo(Status.ERROR);
            assertThat(x.findings().getFirst().message()).contains("/nonexistent/ca.pem");
        });
    }

    /** A hardened server of every protocol: contacted, it passes auth-before-tls where that applies. */
    private static ScriptedServer.Script hardened(Protocol p) {
        return switch (p) {
            case SMTP, SUBMISSION -> MailServers.Smtp.hardened(TLS).script();
            case SUBMISSIONS -> MailServers.Smtp.hardened(TLS).implicit().script();
            case IMAP -> MailServers.Imap.hardened(TLS).script();
            case IMAPS -> MailServers.Imap.hardened(TLS).implicit().script();
            case POP3 -> MailServers.Pop3.hardened(TLS).script();
            case POP3S -> new MailServers.Pop3(List.of("TOP", "UIDL"), TLS, false, true).script();
            case MANAGESIEVE -> MailServers.Sieve.hardened(TLS).script();
        };
    }

    @Test
    void anEndpointThePolicyRefusesIsNeverContactedAndNoCheckOfItPasses() throws Exception {
        for (Protocol p : Protocol.values()) {
            try (ScriptedServer s = new ScriptedServer(hardened(p))) {
                Endpoint e = Probing.endpoint("mail.test", s, p);
                List<CheckResult> refused = Probing.prober()
                        .probe(e, Probing.options().withTargetPolicy(TargetPolicy.strict()), Probing.deadline());

                assertThat(s.connections()).as(p.name()).isZero();
                assertThat(refused)
                        .extracting(CheckResult::check)
                        .containsExactlyElementsOf(EndpointProber.checkIds(e));
                assertThat(refused).allSatisfy(r -> {
                    assertThat(r.status()).as(Probing.describe(r)).isEqualTo(Status.ERROR);
                    assertThat(r.findings()).extracting(Finding::code).containsOnly("PROBE_NOT_RUN");
                    assertThat(r.findings().getFirst().message())
                            .contains(
                                    "not contacted",
                                    "target policy",
                                    "127.0.0.1 is in 127.0.0.0/8, loopback",
                                    "mailward.checks.allow-targets");
                });

                // contacted, the same server is judged: TLS from the first byte keeps AUTH out of clear text
                var contacted = Probing.byId(Probing.prober().probe(e, Probing.options(), Probing.deadline()));
                assertThat(s.connections()).as(p.name()).isPositive();
                String tls = p.implicitTls() ? "implicit-tls" : "starttls";
                assertThat(contacted.get(tls).status())
                        .as(Probing.describe(contacted.get(tls)))
                        .isEqualTo(Status.PASS);
                if (p == Protocol.SUBMISSIONS) {
                    assertThat(contacted.get("auth-before-tls").status())
                            .as(Probing.describe(contacted.get("auth-before-tls")))
                            .isEqualTo(Status.PASS);
                }
            }
        }
    }

    @Test
    void anAddressCarryingAnInternalIpv4IsRefusedWhateverItsIpv6Form() {
        // a lab policy (loopback allowed) still refuses 10.0.0.5 behind NAT64, 6to4 and IPv4-compatible forms
        List<InetAddress> internal = Stream.of("64:ff9b::10.0.0.5", "2002:a00:5::25", "::10.0.0.5")
                .map(InetAddress::ofLiteral)
                .toList();
        Endpoint e = new Endpoint("smtp.example.test", 465, internal, Protocol.SUBMISSIONS);
        List<CheckResult> r = Probing.prober().probe(e, Probing.options(), Probing.deadline());
        assertThat(r).extracting(CheckResult::check).contains("auth-before-tls");
        assertThat(r).allSatisfy(x -> {
            assertThat(x.status()).as(Probing.describe(x)).isEqualTo(Status.ERROR);
            assertThat(x.findings().getFirst().message())
                    .contains(
                            "NAT64 address (RFC 6052) carrying 10.0.0.5",
                            "6to4 address (RFC 3056) carrying 10.0.0.5",
                            "IPv4-compatible",
                            "private (RFC 1918)");
        });
    }

    @Test
    void implicitTlsThatFailsSaysNothingAboutAuthBeforeTls() {
        // a server speaking SMTP in clear on an implicit-TLS port: TLS never starts, AUTH may be in clear
        var r = Probing.probe(MailServers.Smtp.hardened(TLS).script(), Protocol.SUBMISSIONS);
        assertThat(r.get("implicit-tls").status())
                .as(Probing.describe(r.get("implicit-tls")))
                .isIn(Status.FAIL, Status.ERROR);
        assertThat(r.get("auth-before-tls").status())
                .as(Probing.describe(r.get("auth-before-tls")))
                .isEqualTo(Status.ERROR);
    }

    @Test
    void everyFindingCodeHasAMitigationAndATitle() {
        Stream.of(SmtpCode.values(), MailboxCode.values(), TlsCode.values())
                .flatMap(Stream::of)
                .forEach(c -> {
                    assertThat(c.mitigation()).isNotNull();
                    assertThat(c.title()).isNotBlank();
                });
    }
}
