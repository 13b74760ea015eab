package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.probe.ConfiguredEndpoint;
import dev.mailward.probe.EndpointOrigin;
import dev.mailward.probe.EndpointSpec;
import dev.mailward.probe.Protocol;
import dev.mailward.testdns.TestDnsServer;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoints the probe family finds: the one discovery's bound at its edge (10 MX hosts, 10
 * targets per SRV service) as the {@code endpoints} result reports it, and configured endpoints,
 * typed, reaching the targets with their origin.
 */
class EndpointDiscoveryTests {

    static TestDnsServer server;
    static CheckFixture fixture;
    static final DomainProbes PROBES = new DomainProbes(EndpointProber.forOneCycle());

    @BeforeAll
    static void start() {
        StringBuilder zone = new StringBuilder("""
                $ORIGIN ep.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                submit.small IN A 192.0.2.87
                small IN MX 10 mx1.many
                """);
        for (int i = 1; i <= 11; i++) {
            zone.append("many IN MX ").append(i).append(" mx").append(i).append(".many\n");
            zone.append("mx").append(i).append(".many IN A 192.0.2.").append(i).append('\n');
            zone.append("_submission._tcp.many IN SRV ")
                    .append(i)
                    .append(" 0 587 sub")
                    .append(i)
                    .append(".many\n");
            zone.append("sub")
                    .append(i)
                    .append(".many IN A 192.0.2.")
                    .append(100 + i)
                    .append('\n');
        }
        server = TestDnsServer.builder().zone(zone.toString()).start();
        fixture = new CheckFixture(server);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        server.close();
    }

    private static DomainProbes.Discovery discover(String domain, CheckOptions options) {
        return PROBES.discover(
                new CheckContext(domain, fixture.dns(), options, Instant.now().plus(options.checkTimeout())));
    }

    @Test
    void probesTenMxHostsAndTenTargetsPerSrvServiceAndSaysWhichMxHostsAreLeftOut() {
        DomainProbes.Discovery d =
                discover("many.ep.test", CheckOptions.defaults().withCheckTimeout(java.time.Duration.ofSeconds(10)));

        assertThat(d.targets())
                .filteredOn(DomainProbes.Target::isMx)
                .extracting(t -> t.endpoint().host())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "mx" + i + ".many.ep.test")
                        .toList());
        assertThat(d.targets())
                .filteredOn(t -> t.endpoint().protocol() == Protocol.SUBMISSION)
                .allSatisfy(t -> assertThat(t.origin()).isEqualTo(EndpointOrigin.srv("_submission._tcp.many.ep.test")))
                .extracting(t -> t.endpoint().host())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "sub" + i + ".many.ep.test")
                        .toList());
        assertThat(d.findings())
                .filteredOn(f -> f.code().equals("PROBE_MX_NOT_PROBED"))
                .singleElement()
                .satisfies(f ->
                        assertThat(f.message()).contains("beyond the first 10").endsWith("mx11.many.ep.test"));
    }

    @Test
    void configuredEndpointsArriveTypedWithTheirOriginAndUnreadableOnesAreReported() {
        CheckOptions options = CheckOptions.defaults()
                .withCheckTimeout(java.time.Duration.ofSeconds(10))
                .withProbe(
                        true,
                        List.of(
                                new EndpointSpec(
                                        "submit.small.ep.test", 587, Protocol.SUBMISSION, EndpointOrigin.CONFIGURED),
                                ConfiguredEndpoint.read("192.0.2.9:2525/smtp"),
                                ConfiguredEndpoint.read("submit.small.ep.test:2525")));

        DomainProbes.Discovery d = discover("small.ep.test", options);

        assertThat(d.targets())
                .filteredOn(t -> t.origin().equals(EndpointOrigin.CONFIGURED))
                .extracting(t -> t.endpoint().target() + " " + t.endpoint().protocol() + " "
                        + t.endpoint().addresses().getFirst().getHostAddress())
                .containsExactly("submit.small.ep.test:587 SUBMISSION 192.0.2.87", "192.0.2.9:2525 SMTP 192.0.2.9");
        assertThat(d.findings())
                .filteredOn(f -> f.code().equals("PROBE_ENDPOINT_INVALID"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("no protocol is known for port 2525"));
    }
}
