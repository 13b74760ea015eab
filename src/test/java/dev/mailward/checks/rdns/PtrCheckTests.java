package dev.mailward.checks.rdns;

import static dev.mailward.checks.CheckFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckFixture;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import dev.mailward.testdns.TestDnsServer;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ReverseMap;

class PtrCheckTests {

    static TestDnsServer server;
    static CheckFixture fixture;

    @BeforeAll
    static void start() {
        server = TestDnsServer.builder().zone("""
                $ORIGIN ptr.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN MX 10 mx1
                @ IN MX 20 mx2
                @ IN MX 30 mx3
                @ IN MX 40 mx4
                mx1 IN A 192.0.2.1
                mx1 IN AAAA 2001:db8::1
                mx2 IN A 192.0.2.2
                mx3 IN A 192.0.2.3
                mx4 IN A 192.0.2.4
                dyn-192-0-2-4.pool IN A 192.0.2.4
                """).zone("""
                $ORIGIN 2.0.192.in-addr.arpa.
                $TTL 300
                @ IN SOA ns1.ptr.test. hostmaster.ptr.test. 1 3600 600 86400 300
                1 IN PTR mx1.ptr.test.
                2 IN PTR somewhere-else.ptr.test.
                4 IN PTR dyn-192-0-2-4.pool.ptr.test.
                """).zone("""
                $ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
                $TTL 300
                @ IN SOA ns1.ptr.test. hostmaster.ptr.test. 1 3600 600 86400 300
                1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 IN PTR mx1.ptr.test.
                """).start();
        fixture = new CheckFixture(server);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        server.close();
    }

    @Test
    void judgesEveryMxAddressByItsForwardConfirmedPtr() {
        List<CheckResult> results = fixture.run(new PtrCheck(), "ptr.test");
        Map<String, CheckResult> byTarget = results.stream().collect(Collectors.toMap(CheckResult::target, r -> r));
        assertThat(byTarget).containsOnlyKeys("192.0.2.1", "2001:db8::1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
        assertThat(byTarget.get("192.0.2.1").status()).isEqualTo(Status.PASS);
        assertThat(byTarget.get("2001:db8::1").status()).isEqualTo(Status.PASS);
        CheckResult notConfirmed = byTarget.get("192.0.2.2");
        assertThat(notConfirmed.status()).isEqualTo(Status.FAIL);
        assertThat(codes(notConfirmed)).containsExactly("PTR_NOT_FORWARD_CONFIRMED");
        assertThat(notConfirmed.findings().getFirst().message()).contains("somewhere-else.ptr.test");
        CheckResult missing = byTarget.get("192.0.2.3");
        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(codes(missing)).containsExactly("PTR_MISSING");
        CheckResult generic = byTarget.get("192.0.2.4");
        assertThat(generic.status()).isEqualTo(Status.WARN);
        assertThat(codes(generic)).contains("PTR_GENERIC", "PTR_OK");
    }

    @Test
    void reportsAFailedPtrLookupAsError() {
        server.servfail("3.2.0.192.in-addr.arpa");
        try (CheckFixture fresh = new CheckFixture(server)) {
            CheckResult r = fresh.run(new PtrCheck(), "ptr.test").stream()
                    .filter(x -> x.target().equals("192.0.2.3"))
                    .findFirst()
                    .orElseThrow();
            assertThat(r.status()).isEqualTo(Status.ERROR);
            assertThat(codes(r)).containsExactly("PTR_LOOKUP_FAILED");
        } finally {
            server.clearFaults("3.2.0.192.in-addr.arpa");
        }
    }

    @Test
    void reverseNamesAreWhatDnsjavaReverseMapGives() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] raw = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(raw);
            InetAddress a = InetAddress.getByAddress(raw);
            assertThat(PtrCheck.reverseName(a))
                    .isEqualTo(ReverseMap.fromAddress(a).toString());
        }
        assertThat(PtrCheck.reverseName(InetAddress.getByName("192.0.2.25"))).isEqualTo("25.2.0.192.in-addr.arpa.");
        assertThat(PtrCheck.reverseName(InetAddress.getByName("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
    }
}
