package dev.mailward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The one MX/SRV discovery over a loopback DNS server: its one bound (10 hosts per service, MX
 * included) at its edge, the order it keeps, and what it leaves to its callers.
 */
class MailDiscoveryTests {

    static TestDnsServer server;
    static DnsClient dns;

    @BeforeAll
    static void start() {
        StringBuilder zone = new StringBuilder("""
                $ORIGIN disc.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                ten IN MX 10 mx10.ten
                nullmix IN MX 0 .
                nullmix IN MX 10 mx1.ten
                nullmx IN MX 0 .
                implicit IN A 192.0.2.30
                literal IN MX 10 192.0.2.40.
                _imaps._tcp.srv IN SRV 5 0 993 imap.srv
                _imaps._tcp.srv IN SRV 5 0 993 imap.srv
                _pop3._tcp.srv IN SRV 0 0 0 .
                _submission._tcp.srv IN SRV 0 0 0 mail.srv
                imap.srv IN A 192.0.2.143
                """);
        // eleven hosts: mx01 (preference 1) .. mx11 (preference 11); "ten" has ten of them
        for (int i = 1; i <= 11; i++) {
            String host = "mx%02d".formatted(i);
            zone.append("eleven IN MX ").append(i).append(' ').append(host).append(".eleven\n");
            zone.append(host).append(".eleven IN A 192.0.2.").append(i).append('\n');
            if (i <= 9) {
                zone.append("ten IN MX ").append(i).append(' ').append(host).append(".ten\n");
            }
            zone.append(host).append(".ten IN A 192.0.2.").append(100 + i).append('\n');
            // SRV priorities written in reverse: target t11 has priority 0, t01 priority 10
            zone.append("_imaps._tcp.eleven IN SRV ").append(11 - i).append(" 0 993 t%02d.eleven\n".formatted(i));
            zone.append("t%02d.eleven IN A 192.0.2.%d\n".formatted(i, 200 + i));
        }
        server = TestDnsServer.builder().zone(zone.toString()).start();
        dns = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(server.address()))
                .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD)
                .withTimeout(Duration.ofMillis(400), 1));
    }

    @AfterAll
    static void stop() {
        dns.close();
        server.close();
    }

    private static DnsSession session() {
        return dns.session(MailDiscovery.MAX_QUERIES, Instant.now().plusSeconds(10));
    }

    @Test
    void resolvesTenMxHostsByPreferenceAndListsTheEleventh() {
        MailDiscovery.MxSet eleven = MailDiscovery.mx(session(), "eleven.disc.test");

        assertThat(MailDiscovery.MAX_HOSTS_PER_SERVICE).isEqualTo(10);
        assertThat(eleven.kind()).isEqualTo(MailDiscovery.MxKind.MX);
        assertThat(eleven.hosts())
                .extracting(MailDiscovery.Host::host)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "mx%02d.eleven.disc.test".formatted(i))
                        .toList());
        assertThat(eleven.hosts()).allSatisfy(h -> assertThat(h.addresses()).hasSize(1));
        assertThat(eleven.notResolved()).containsExactly("mx11.eleven.disc.test");
    }

    @Test
    void resolvesExactlyTenMxHostsWithNothingLeftOver() {
        MailDiscovery.MxSet ten = MailDiscovery.mx(session(), "ten.disc.test");

        assertThat(ten.hosts()).hasSize(10);
        assertThat(ten.notResolved()).isEmpty();
    }

    @Test
    void followsTenSrvTargetsPerServiceInPriorityOrder() {
        MailDiscovery.SrvService imaps = MailDiscovery.srv(session(), "eleven.disc.test").stream()
                .filter(s -> s.protocol() == Protocol.IMAPS)
                .findFirst()
                .orElseThrow();

        assertThat(imaps.owner()).isEqualTo("_imaps._tcp.eleven.disc.test");
        // priority 0 first (t11), priority 10 (t01) beyond the bound
        assertThat(imaps.records())
                .extracting(MailDiscovery.SrvRecord::targetName)
                .containsExactlyElementsOf(IntStream.rangeClosed(2, 11)
                        .map(i -> 13 - i)
                        .mapToObj(i -> "t%02d.eleven.disc.test".formatted(i))
                        .toList());
        assertThat(imaps.records())
                .allSatisfy(r -> assertThat(r.target())
                        .hasValueSatisfying(h -> assertThat(h.addresses()).hasSize(1)));
    }

    @Test
    void asksEveryServiceOfTheOneTableAndLeavesNotOfferedAndPortZeroUnresolved() {
        List<MailDiscovery.SrvService> services = MailDiscovery.srv(session(), "srv.disc.test");

        assertThat(services)
                .extracting(MailDiscovery.SrvService::protocol)
                .containsExactly(
                        Protocol.SUBMISSION,
                        Protocol.SUBMISSIONS,
                        Protocol.IMAP,
                        Protocol.IMAPS,
                        Protocol.POP3,
                        Protocol.POP3S,
                        Protocol.MANAGESIEVE);
        MailDiscovery.SrvService imaps = services.get(3);
        assertThat(imaps.records()).singleElement().satisfies(r -> {
            assertThat(r.port()).isEqualTo(993);
            assertThat(r.target().orElseThrow().addresses())
                    .extracting(a -> a.getHostAddress())
                    .containsExactly("192.0.2.143");
        });
        assertThat(services.get(4).records()).singleElement().satisfies(r -> {
            assertThat(r.notOffered()).isTrue();
            assertThat(r.target()).isEmpty();
        });
        assertThat(services.get(0).records()).singleElement().satisfies(r -> {
            assertThat(r.port()).isZero();
            assertThat(r.target()).isEmpty();
        });
        assertThat(services.get(1).records()).isEmpty();
    }

    @Test
    void tellsNullImplicitAndLiteralMxApartWithoutJudging() {
        assertThat(MailDiscovery.mx(session(), "nullmx.disc.test").kind()).isEqualTo(MailDiscovery.MxKind.NULL_MX);
        MailDiscovery.MxSet mix = MailDiscovery.mx(session(), "nullmix.disc.test");
        assertThat(mix.kind()).isEqualTo(MailDiscovery.MxKind.NULL_MX_WITH_OTHERS);
        assertThat(mix.hosts()).extracting(MailDiscovery.Host::host).containsExactly("mx1.ten.disc.test");
        MailDiscovery.MxSet implicit = MailDiscovery.mx(session(), "implicit.disc.test");
        assertThat(implicit.kind()).isEqualTo(MailDiscovery.MxKind.NONE);
        assertThat(implicit.hosts()).singleElement().satisfies(h -> {
            assertThat(h.host()).isEqualTo("implicit.disc.test");
            assertThat(h.preference()).isZero();
        });
        assertThat(MailDiscovery.mx(session(), "literal.disc.test").hosts())
                .singleElement()
                .satisfies(h -> assertThat(h.ipLiteral()).isTrue());
        assertThat(MailDiscovery.mx(session(), "gone.disc.test").kind()).isEqualTo(MailDiscovery.MxKind.NXDOMAIN);
    }

    @Test
    void staysWithinItsQueryBound() {
        DnsSession s = session();
        MailDiscovery.mx(s, "eleven.disc.test");
        MailDiscovery.srv(s, "eleven.disc.test");

        assertThat(s.budgetExhausted()).isFalse();
        assertThat(s.lookups()).isLessThanOrEqualTo(MailDiscovery.MAX_QUERIES);
        assertThat(server.queryCount("_imaps._tcp.eleven.disc.test", Type.SRV)).isPositive();
    }
}
