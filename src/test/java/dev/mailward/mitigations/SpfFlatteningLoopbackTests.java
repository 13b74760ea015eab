package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.SpfVerification;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An SPF record over the 10-lookup limit, built from includes that resolve to fixed addresses and served
 * by the loopback DNS: the real {@code mx} and {@code spf} checks observe it, the generated record is
 * published in its place and evaluated by the real evaluator over the same DNS.
 */
class SpfFlatteningLoopbackTests {

    private static final String DOMAIN = "shop.flat.test";
    /** 1 (mx) + 3 (_spf.a) + 5 (_spf.b) + 3 (_spf.c) + 2 (dyn) = 14 DNS-querying terms. */
    private static final String OVER_THE_LIMIT = "v=spf1 mx ip4:198.51.100.7 ip4:198.51.100.8 include:_spf.a.flat.test"
            + " include:_spf.b.flat.test include:_spf.c.flat.test include:dyn.flat.test -all";
    /** Every address the current record authorises (the first of each range), MX host and dynamic host included. */
    private static final List<String> SENDERS = List.of(
            "192.0.2.25",
            "198.51.100.7",
            "198.51.100.8",
            "203.0.113.0",
            "203.0.113.64",
            "2001:db8:a::",
            "198.51.100.0",
            "198.51.100.100",
            "203.0.113.200",
            "2001:db8:b::9",
            "203.0.113.201",
            "203.0.113.150",
            "203.0.113.151",
            "203.0.113.152",
            "192.0.2.99");

    private static TestDnsServer server;
    private static DnsClient dns;

    @BeforeAll
    static void start() {
        server = TestDnsServer.builder().zone(zone(OVER_THE_LIMIT)).start();
        dns = client();
    }

    private static DnsClient client() {
        return DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(DnsSettings.parseServer("127.0.0.1:" + server.port())))
                .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD));
    }

    @AfterAll
    static void stop() {
        dns.close();
        server.close();
    }

    @Test
    void theProposedRecordFlattensFixedIncludesStaysWithinTenLookupsAndAuthorisesEveryOldSender() {
        List<CheckResult> observed = observe(dns);
        assertThat(codes(observed)).contains("SPF_TOO_MANY_LOOKUPS");

        FixGenerator.Generated generated = FixGenerator.generate(DOMAIN, observed, Instant.now()).stream()
                .filter(g -> g.check().equals("spf"))
                .findFirst()
                .orElseThrow();
        String content = generated.fix().content();
        String record = content.substring(content.indexOf('"') + 1, content.lastIndexOf('"'));
        // the costliest include with fixed addresses is flattened, its addresses named; the dynamic one is kept;
        // 198.51.100.7 and .8 lie in the flattened 198.51.100.0/25 and are left out as duplicates
        assertThat(record)
                .contains("ip4:198.51.100.0/25", "ip4:203.0.113.200", "ip6:2001:db8:b::/48", "include:dyn.flat.test")
                .doesNotContain("include:_spf.b.flat.test", "ip4:198.51.100.7 ", "ip4:198.51.100.8 ");
        assertThat(generated.fix().explanation())
                .contains("Flattened include:_spf.b.flat.test", "re-flatten when the provider changes")
                .contains("Left out as duplicates of an address already authorised: ip4:198.51.100.7 ip4:198.51.100.8")
                .contains("9 of 10 DNS lookups")
                .contains("all 7 sender addresses of the current record pass");

        // published in place of the old one: the real evaluator counts at most 10 lookups and every old sender passes
        server.replaceZone(zone(record));
        try {
            SpfVerification.Outcome live = SpfVerification.verify(
                    DOMAIN, record, dns.session(200, Instant.now().plusSeconds(20)), SENDERS);
            assertThat(live.lookupsComplete()).isTrue();
            assertThat(live.lookups()).isLessThanOrEqualTo(10);
            assertThat(live.probeResult()).isEqualTo("fail");
            assertThat(live.notAuthorised()).isEmpty();
            assertThat(SpfVerification.verify(
                                    DOMAIN,
                                    record,
                                    dns.session(200, Instant.now().plusSeconds(20)),
                                    List.of("203.0.113.250"))
                            .senders())
                    .containsEntry("203.0.113.250", "fail");
            // and the spf check itself, through a new client (nothing cached), no longer finds it over the limit
            try (DnsClient fresh = client()) {
                assertThat(codes(observe(fresh))).doesNotContain("SPF_TOO_MANY_LOOKUPS", "SPF_PERMERROR");
            }
        } finally {
            server.replaceZone(zone(OVER_THE_LIMIT));
        }
    }

    private static List<CheckResult> observe(DnsClient dns) {
        CheckRegistry registry = CheckRegistry.dnsChecks();
        List<Check<?>> checks =
                List.of(registry.byId("mx").orElseThrow(), registry.byId("spf").orElseThrow());
        try (CheckRunner runner = new CheckRunner(registry, dns, 2)) {
            DomainReport report =
                    runner.run(DOMAIN, CheckOptions.defaults().withCheckTimeout(Duration.ofSeconds(20)), checks);
            return report.results();
        }
    }

    private static List<String> codes(List<CheckResult> results) {
        return results.stream()
                .filter(r -> r.check().equals("spf"))
                .flatMap(r -> r.findings().stream())
                .map(f -> f.code())
                .toList();
    }

    private static String zone(String spf) {
        return """
                $ORIGIN flat.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                shop IN MX 10 mx.shop
                shop IN TXT "%s"
                mx.shop IN A 192.0.2.25
                _spf.a IN TXT "v=spf1 include:_n1.a.flat.test include:_n2.a.flat.test -all"
                _n1.a IN TXT "v=spf1 ip4:203.0.113.0/28 -all"
                _n2.a IN TXT "v=spf1 ip4:203.0.113.64/28 ip6:2001:db8:a::/48 -all"
                _spf.b IN TXT "v=spf1 include:_p.b.flat.test include:_q.b.flat.test include:_r.b.flat.test include:_s.b.flat.test ~all"
                _p.b IN TXT "v=spf1 ip4:198.51.100.0/25 -all"
                _q.b IN TXT "v=spf1 ip4:203.0.113.200 -all"
                _r.b IN TXT "v=spf1 ip6:2001:db8:b::/48 -all"
                _s.b IN TXT "v=spf1 ip4:203.0.113.201 -all"
                _spf.c IN TXT "v=spf1 include:_x.c.flat.test include:_y.c.flat.test ?all"
                _x.c IN TXT "v=spf1 ip4:203.0.113.150 ip4:203.0.113.151 -all"
                _y.c IN TXT "v=spf1 ip4:203.0.113.152 -all"
                dyn IN TXT "v=spf1 a:relay.dyn.flat.test -all"
                relay.dyn IN A 192.0.2.99
                """.formatted(spf);
    }
}
