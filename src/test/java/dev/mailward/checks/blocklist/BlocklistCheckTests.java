package dev.mailward.checks.blocklist;

import static dev.mailward.checks.CheckFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckFixture;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import dev.mailward.testdns.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlocklistCheckTests {

    static TestDnsServer server;
    static CheckFixture fixture;

    @BeforeAll
    static void start() {
        server = TestDnsServer.builder().zone("""
                $ORIGIN bl.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                clean IN MX 10 mx.clean
                mx.clean IN A 192.0.2.1
                listed IN MX 10 mx.listed
                mx.listed IN A 192.0.2.2
                refused IN MX 10 mx.refused
                mx.refused IN A 192.0.2.3
                """).zone("""
                $ORIGIN dnsbl.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                2.2.0.192 IN A 127.0.0.2
                2.2.0.192 IN TXT "Listed: <script>alert(1)</script> see https://dnsbl.test/lookup"
                3.2.0.192 IN A 127.255.255.254
                """).start();
        fixture = new CheckFixture(
                server,
                CheckOptions.defaults().withCheckTimeout(Duration.ofSeconds(10)).withDnsblZones(List.of("dnsbl.test")));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        server.close();
    }

    @Test
    void passesAnAddressThatIsNotListed() {
        CheckResult r = fixture.runOne(new BlocklistCheck(), "clean.bl.test");
        assertThat(r.target()).isEqualTo("192.0.2.1");
        assertThat(r.status()).isEqualTo(Status.PASS);
    }

    @Test
    void failsAListedAddressAndKeepsTheListsReasonAsData() {
        CheckResult r = fixture.runOne(new BlocklistCheck(), "listed.bl.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).containsExactly("BLOCKLIST_LISTED");
        assertThat(r.findings().getFirst().message()).contains("127.0.0.2").contains("<script>");
    }

    @Test
    void reportsARefusedQueryAsErrorNotAsListed() {
        CheckResult r = fixture.runOne(new BlocklistCheck(), "refused.bl.test");
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(codes(r)).containsExactly("BLOCKLIST_QUERY_REFUSED");
    }

    @Test
    void isOffWithoutConfiguredZones() {
        assertThat(fixture.run(new BlocklistCheck(), "listed.bl.test", CheckOptions.defaults()))
                .isEmpty();
    }

    @Test
    void reversesIpv4OctetsAndIpv6Nibbles() throws Exception {
        assertThat(BlocklistCheck.reversed(InetAddress.getByName("192.0.2.99"))).isEqualTo("99.2.0.192");
        assertThat(BlocklistCheck.reversed(InetAddress.getByName("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2");
    }
}
