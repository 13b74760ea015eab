package dev.mailward.checks.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.dns.DnsClient;
import dev.mailward.testdns.TestDnsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The RFC 7208 test suite (OpenSPF {@code rfc7208-tests.yml}) and the Stalwart {@code mail-auth}
 * SPF cases, each scenario's DNS data served over real loopback DNS by {@link TestDnsServer} and
 * resolved by the production {@link DnsClient}; one dynamic test per case.
 *
 * <p>Deviations are listed in {@link #EXCEPTIONS} with the RFC text that justifies them.
 */
class SpfConformanceTests {

    /**
     * Cases whose expected result we do not produce, keyed by file and case name, with why. Each
     * still runs and must produce the result named here.
     */
    static final Map<String, Deviation> EXCEPTIONS = Map.of(
            "spf-stalwart/all.yml|all.yml: All test #1",
                    new Deviation(
                            "permerror",
                            "RFC 7208 §4.6: 'If there are any syntax errors anywhere in the record, check_host() returns"
                                    + " immediately with the result \"permerror\"' ('ip:10.0.0.1' after -all; the OpenSPF"
                                    + " case detect-errors-anywhere agrees)"),
            "spf-stalwart/basic.yml|basic.yml: DNS Lookup Limits #1",
                    new Deviation(
                            "permerror",
                            "RFC 7208 §4.6.4: 'SPF implementations SHOULD limit \"void lookups\" to two ... a default of"
                                    + " two is RECOMMENDED'; the record has ten a: terms to names that do not exist"
                                    + " (OpenSPF void-over-limit agrees)"),
            "spf-stalwart/exists.yml|exists.yml: Exists #2",
                    new Deviation(
                            "fail",
                            "RFC 7208 §5.7: 'The resulting domain name is used for a DNS A RR lookup (even when the"
                                    + " connection type is IPv6)'; the name has only AAAA records (OpenSPF exists-ip6only agrees)"),
            "spf-stalwart/macro.yml|macro.yml: Macro expansion 2 #2",
                    new Deviation(
                            "fail",
                            "RFC 7208 §5.7: exists: always asks for A records; the expanded name has only AAAA"),
            "spf-stalwart/ip.yml|ip.yml: IPv6 match #4",
                    new Deviation(
                            "fail",
                            "RFC 7208 §5 (and §5.6): an IPv4 client is compared with ip4 networks only; 'ip6:::ffff:10.1.2.3'"
                                    + " does not match client 10.1.2.3 (OpenSPF cidr6-0-ip4 and cidr6-ip4 agree)"));

    /**
     * The RFC 7208 §7.4 example writes the nibbles of %{i} for IPv6 in lower case
     * ("1.0.b.c.0.0..."); this case expects upper case, which no normative text requires. The
     * result is asserted exactly, the explanation without regard to case.
     */
    static final String CASE_INSENSITIVE_EXPLANATION = "rfc7208-tests.yml|Macro expansion rules / v-macro-ip6";

    record Deviation(String result, String why) {}

    private static TestDnsServer server;
    private static DnsClient client;
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger DEVIATED = new AtomicInteger();
    private static final AtomicInteger RUN = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestDnsServer.start();
        client = LoopbackZones.client(server);
        // the first answers of a cold JVM can be slower than the short per-try timeout used here
        SpfZone warm = new SpfZone();
        warm.add("warm.example", "A", "192.0.2.1");
        LoopbackZones.serve(server, warm);
        for (int i = 0; i < 20; i++) {
            client.lookup("warm.example.", org.xbill.DNS.Type.A);
        }
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        System.out.printf(
                "SPF conformance: %d cases, %d as expected by the suites, %d listed deviations%n",
                RUN.get(), PASSED.get(), DEVIATED.get());
        if (RUN.get() > 0) {
            assertThat(PASSED.get() + DEVIATED.get())
                    .as("cases passing or listed")
                    .isEqualTo(RUN.get());
        }
    }

    @TestFactory
    Stream<DynamicNode> rfc7208Suites() throws IOException {
        Path dir = SpfSuite.conformanceDir();
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve("spf/rfc7208-tests.yml")),
                "conformance suite not found at " + dir.toAbsolutePath());
        List<DynamicNode> files = new ArrayList<>();
        SpfSuite.all(dir)
                .forEach((file, cases) -> files.add(DynamicContainer.dynamicContainer(
                        file, cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(file, c))))));
        return files.stream();
    }

    private static void run(String file, SpfSuite.Case c) {
        RUN.incrementAndGet();
        String key = file + "|" + c.name();
        LoopbackZones.serve(server, c.zone());
        SpfEvaluation r = evaluate(c);
        String got = r.result().rfcName();
        Deviation d = EXCEPTIONS.get(key);
        if (d != null) {
            assertThat(got)
                    .as("%s (listed deviation: %s) reason: %s", key, d.why(), r.reason())
                    .isEqualTo(d.result());
            DEVIATED.incrementAndGet();
            return;
        }
        assertThat(c.results()).as("%s: got %s (%s)", key, got, r.reason()).contains(got);
        if (c.explanation().isPresent() && r.result() == SpfResult.FAIL) {
            String want = c.explanation().get();
            String have = r.explanation().orElse("");
            if (key.equals(CASE_INSENSITIVE_EXPLANATION)) {
                assertThat(have).as(key).isEqualToIgnoringCase(want);
            } else {
                assertThat(have).as(key).isEqualTo(want);
            }
        }
        PASSED.incrementAndGet();
    }

    private static SpfEvaluation evaluate(SpfSuite.Case c) {
        SpfEvaluator evaluator = new SpfEvaluator(
                new DnsSessionSpfDns(client.session(400, Instant.now().plusSeconds(20))),
                "DEFAULT",
                "localdomain.org",
                Clock.systemUTC());
        if (c.heloFirst()) {
            // the Stalwart driver checks the HELO identity first and the MAIL FROM only after a pass
            SpfEvaluation helo = evaluator.checkHost(c.host(), c.helo(), "", c.helo());
            if (helo.result() != SpfResult.PASS) {
                return helo;
            }
        }
        String sender = c.mailfrom().isEmpty() ? "postmaster@" + c.helo() : c.mailfrom();
        return evaluator.checkHost(c.host(), sender.substring(sender.lastIndexOf('@') + 1), c.mailfrom(), c.helo());
    }
}
