package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.mailbox.MailboxCode;
import dev.mailward.checks.smtp.SmtpCode;
import dev.mailward.checks.tls.TlsCode;
import dev.mailward.probe.AddressLimiter;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import dev.mailward.probe.testservers.ServerTls;
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
        try (ScriptedServer s = new ScriptedServer(MailServers.Smtp.hardened(TLS).script())) {
            EndpointProber cycle = Probing.prober();
            var first = Probing.byId(cycle.probe(Probing.endpoint("mx.test", s, Protocol.SMTP), Probing.options(),
                    Probing.deadline()));
            int afterFirst = s.connections();
            var second = Probing.byId(cycle.probe(Probing.endpoint("other.test", s, Protocol.SMTP), Probing.options(),
                    Probing.deadline()));

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
                    Endpoint e = new Endpoint("mx" + p.ordinal() + ".test", s.port(), List.of(Probing.loopback()),
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
        List<CheckResult> r = Probing.prober().probe(e,
                Probing.options().withCaBundle(java.nio.file.Path.of("/nonexistent/ca.pem")), Probing.deadline());
        assertThat(r).extracting(CheckResult::check).containsExactlyElementsOf(EndpointProber.checkIds(e));
        assertThat(r).allSatisfy(x -> {
            assertThat(x.status()).isEqualTo(Status.ERROR);
            assertThat(x.findings().getFirst().message()).contains("/nonexistent/ca.pem");
        });
    }

    @Test
    void everyFindingCodeHasAMitigationAndATitle() {
        Stream.of(SmtpCode.values(), MailboxCode.values(), TlsCode.values()).flatMap(Stream::of).forEach(c -> {
            assertThat(c.mitigation()).isNotNull();
            assertThat(c.title()).isNotBlank();
        });
    }
}
