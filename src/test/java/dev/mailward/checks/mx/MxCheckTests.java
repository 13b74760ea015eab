package dev.mailward.checks.mx;

import static dev.mailward.checks.CheckFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckFixture;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import dev.mailward.testdns.TestDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class MxCheckTests {

    static TestDnsServer server;
    static CheckFixture fixture;

    @BeforeAll
    static void start() {
        server = TestDnsServer.builder().zone("""
                $ORIGIN mx.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                good IN MX 10 mx1.good
                good IN MX 20 mx2.good
                mx1.good IN A 192.0.2.10
                mx1.good IN AAAA 2001:db8::10
                mx2.good IN A 192.0.2.11
                mx2.good IN AAAA 2001:db8::11
                partial IN MX 10 mx1.partial
                partial IN MX 20 mx2.partial
                mx1.partial IN A 192.0.2.20
                mx1.partial IN AAAA 2001:db8::20
                mx2.partial IN A 192.0.2.21
                nullmx IN MX 0 .
                nullmix IN MX 0 .
                nullmix IN MX 10 mx1.good
                implicit IN A 192.0.2.30
                nomail IN TXT "nothing here"
                aliased IN MX 10 alias.aliased
                alias.aliased IN CNAME mx1.good
                dangling IN MX 10 nowhere.dangling
                literal IN MX 10 192.0.2.40.
                slow IN MX 10 mx1.slow
                mx1.slow IN A 192.0.2.50
                """).start();
        server.timeout("slow.mx.test", Type.MX);
        server.servfail("broken.mx.test");
        fixture = new CheckFixture(server);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        server.close();
    }

    @Test
    void passesWhenEveryMxHostResolvesWithIpv6() {
        CheckResult r = fixture.runOne(new MxCheck(), "good.mx.test");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(codes(r)).contains("MX_OK", "MX_IPV6_ALL");
        assertThat(r.evidence().dns()).isNotEmpty();
        assertThat(r.evidence().details()).containsKey("mxHosts");
    }

    @Test
    void warnsWhenOnlySomeMxHostsHaveIpv6() {
        CheckResult r = fixture.runOne(new MxCheck(), "partial.mx.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r)).contains("MX_IPV6_PARTIAL");
        assertThat(r.findings().getFirst().message()).contains("1 of 2");
    }

    @Test
    void recognisesNullMxAsMailExplicitlyRefused() {
        CheckResult r = fixture.runOne(new MxCheck(), "nullmx.mx.test");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(codes(r)).containsExactly("MX_NULL");
    }

    @Test
    void warnsWhenNullMxStandsBesideOtherMx() {
        CheckResult r = fixture.runOne(new MxCheck(), "nullmix.mx.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r)).contains("MX_NULL_WITH_OTHERS");
    }

    @Test
    void warnsAboutImplicitMxAndAboutADomainThatCannotReceiveMail() {
        assertThat(codes(fixture.runOne(new MxCheck(), "implicit.mx.test"))).containsExactly("MX_NONE_IMPLICIT");
        CheckResult none = fixture.runOne(new MxCheck(), "nomail.mx.test");
        assertThat(none.status()).isEqualTo(Status.WARN);
        assertThat(codes(none)).containsExactly("MX_NONE");
    }

    @Test
    void flagsCnameTargetsMissingAddressesAndIpLiterals() {
        assertThat(codes(fixture.runOne(new MxCheck(), "aliased.mx.test"))).contains("MX_TARGET_CNAME");
        CheckResult dangling = fixture.runOne(new MxCheck(), "dangling.mx.test");
        assertThat(dangling.status()).isEqualTo(Status.FAIL);
        assertThat(dangling.findings().getFirst().message()).contains("nowhere.dangling.mx.test");
        CheckResult literal = fixture.runOne(new MxCheck(), "literal.mx.test");
        assertThat(literal.status()).isEqualTo(Status.FAIL);
        assertThat(codes(literal)).contains("MX_TARGET_IP_LITERAL");
    }

    @Test
    void reportsTimeoutsAndServfailAsErrorNeverFail() {
        CheckResult slow = fixture.runOne(new MxCheck(), "slow.mx.test");
        assertThat(slow.status()).isEqualTo(Status.ERROR);
        assertThat(slow.findings().getFirst().message())
                .startsWith("the MX lookup of slow.mx.test timed out: the DNS servers did not answer in time")
                .doesNotContain("TIMEOUT");
        assertThat(slow.evidence().dns()).extracting(d -> d.outcome()).contains("TIMEOUT");
        CheckResult broken = fixture.runOne(new MxCheck(), "broken.mx.test");
        assertThat(broken.status()).isEqualTo(Status.ERROR);
        assertThat(broken.findings().getFirst().message())
                .contains("failed: the DNS server reported a server failure")
                .doesNotContain("SERVFAIL");
    }

    @Test
    void failsForADomainThatDoesNotExist() {
        CheckResult r = fixture.runOne(new MxCheck(), "absent.mx.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).containsExactly("MX_DOMAIN_NOT_FOUND");
    }
}
