package dev.mailward.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * IPv6 addresses that carry an IPv4 address are judged by the address they carry (NAT64, 6to4,
 * IPv4-compatible, IPv4-mapped/-translated, Teredo, ISATAP), and the allow-list is parsed strictly.
 */
class TargetPolicyTests {

    private static final TargetPolicy STRICT = TargetPolicy.strict();

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    /** The 16-byte form even where the JDK would hand out an Inet4Address (IPv4-mapped). */
    private static InetAddress v6(String literal) throws UnknownHostException {
        byte[] b = new byte[16];
        byte[] parsed = InetAddress.ofLiteral(literal).getAddress();
        if (parsed.length == 4) {
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(parsed, 0, b, 12, 4);
        } else {
            b = parsed;
        }
        return Inet6Address.getByAddress(null, b, -1);
    }

    private static String refused(TargetPolicy policy, InetAddress a) {
        Optional<String> r = policy.refusal(a);
        assertThat(r).as(a.getHostAddress() + " should be refused").isPresent();
        return r.get();
    }

    @Test
    void extractsTheIpv4AddressAtEveryRfc6052PrefixLength() {
        // RFC 6052 §2.4: 192.0.2.33 embedded with the prefixes 2001:db8::/32 .. 2001:db8:122:344::/96
        assertThat(TargetPolicy.rfc6052(ip("2001:db8:c000:221::").getAddress(), 32)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
        assertThat(TargetPolicy.rfc6052(ip("2001:db8:1c0:2:21::").getAddress(), 40)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
        assertThat(TargetPolicy.rfc6052(ip("2001:db8:122:c000:2:2100::").getAddress(), 48)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
        assertThat(TargetPolicy.rfc6052(ip("2001:db8:122:3c0:0:221::").getAddress(), 56)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
        assertThat(TargetPolicy.rfc6052(ip("2001:db8:122:344:c0:2:2100:0").getAddress(), 64)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
        assertThat(TargetPolicy.rfc6052(ip("2001:db8:122:344::192.0.2.33").getAddress(), 96)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
        assertThat(TargetPolicy.rfc6052(ip("64:ff9b::192.0.2.33").getAddress(), 96)
                        .getHostAddress())
                .isEqualTo("192.0.2.33");
    }

    @Test
    void refusesNat64AddressesCarryingSpecialPurposeIpv4() {
        assertThat(refused(STRICT, ip("64:ff9b::10.0.0.5")))
                .startsWith("64:ff9b::a00:5 is a NAT64 address")
                .contains(
                        "carrying 10.0.0.5, which is in 10.0.0.0/8, private (RFC 1918)",
                        "--allow-targets",
                        "mailward.checks.allow-targets");
        assertThat(refused(STRICT, ip("64:ff9b::7f00:1"))).contains("carrying 127.0.0.1", "loopback");
        assertThat(refused(STRICT, ip("64:ff9b::169.254.169.254"))).contains("cloud metadata");
        assertThat(refused(STRICT, ip("64:ff9b::100.64.0.1"))).contains("CGNAT");
        assertThat(refused(STRICT, ip("64:ff9b::192.0.2.33"))).contains("documentation");
        assertThat(refused(STRICT, ip("64:ff9b::0.0.0.0"))).contains("\"this network\"");
        assertThat(refused(STRICT, ip("64:ff9b::255.255.255.255"))).contains("broadcast");
        assertThat(refused(STRICT, ip("64:ff9b::224.0.0.1"))).contains("multicast");
        assertThat(STRICT.refusal(ip("64:ff9b::8.8.8.8"))).isEmpty();
        assertThat(STRICT.refusal(ip("64:ff9b::198.252.206.16"))).isEmpty();
    }

    @Test
    void judgesLocalUseNat64AtEveryPrefixLengthItFitsAndKeepsTheRangeRefused() {
        assertThat(refused(STRICT, ip("64:ff9b:1::10.0.0.5")))
                .contains("local-use NAT64 address (RFC 8215, as a /96", "carrying 10.0.0.5", "private");
        // 10.0.0.5 at the /48 position: bits 48-63 and 72-103 around the u octet
        assertThat(refused(STRICT, ip("64:ff9b:1:a00:0:500::"))).contains("as a /48 prefix", "carrying 10.0.0.5");
        // a public address does not make the local-use range (a site's own translator) reachable
        assertThat(refused(STRICT, ip("64:ff9b:1::8.8.8.8"))).contains("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)");
        assertThat(TargetPolicy.allowing(List.of("64:ff9b:1::/48")).refusal(ip("64:ff9b:1::8.8.8.8")))
                .isEmpty();
    }

    @Test
    void refuses6to4AddressesCarryingSpecialPurposeIpv4() {
        assertThat(refused(STRICT, ip("2002:a00:5::1")))
                .startsWith("2002:a00:5::1 is a 6to4 address (RFC 3056)")
                .contains("carrying 10.0.0.5", "private");
        assertThat(refused(STRICT, ip("2002:7f00:1::"))).contains("carrying 127.0.0.1", "loopback");
        assertThat(refused(STRICT, ip("2002:c0a8:101:1::25"))).contains("carrying 192.168.1.1");
        assertThat(refused(STRICT, ip("2002:c058:6301::"))).contains("6to4 relay anycast");
        assertThat(STRICT.refusal(ip("2002:808:808::1"))).isEmpty();
    }

    @Test
    void refusesIpv4CompatibleAddressesCarryingSpecialPurposeIpv4ButKeepsTheUnspecifiedAndLoopbackTheirOwn() {
        assertThat(refused(STRICT, ip("::10.0.0.5"))).contains("IPv4-compatible address", "carrying 10.0.0.5");
        assertThat(refused(STRICT, ip("::127.0.0.1"))).contains("IPv4-compatible", "carrying 127.0.0.1", "loopback");
        assertThat(refused(STRICT, ip("::2"))).contains("carrying 0.0.0.2", "\"this network\"");
        assertThat(refused(STRICT, ip("::"))).contains("unspecified (RFC 4291)").doesNotContain("IPv4-compatible");
        assertThat(refused(STRICT, ip("::1"))).contains("loopback (RFC 4291)").doesNotContain("IPv4-compatible");
        assertThat(STRICT.refusal(ip("::8.8.8.8"))).isEmpty();
    }

    @Test
    void judgesIpv4MappedAndTranslatedAddressesAsTheirIpv4() throws Exception {
        assertThat(refused(STRICT, v6("::ffff:10.0.0.5"))).contains("IPv4-mapped", "carrying 10.0.0.5");
        // the JDK turns ::ffff:0:0 into 0.0.0.0
        assertThat(refused(STRICT, ip("::ffff:0:0"))).startsWith("0.0.0.0 is in 0.0.0.0/8");
        assertThat(refused(STRICT, v6("::ffff:0:0"))).contains("carrying 0.0.0.0");
        assertThat(STRICT.refusal(v6("::ffff:8.8.8.8"))).isEmpty();
        assertThat(refused(STRICT, ip("::ffff:0:10.0.0.5"))).contains("IPv4-translated", "carrying 10.0.0.5");
        assertThat(STRICT.refusal(ip("::ffff:0:8.8.8.8"))).isEmpty();
    }

    @Test
    void refusesTeredoByEitherItsServerOrItsClientAddress() {
        // RFC 4380 §4 layout; client 192.0.2.45 is stored inverted as 3fff:fdd2
        assertThat(refused(STRICT, ip("2001:0:4136:e378:8000:63bf:3fff:fdd2")))
                .contains("Teredo address (RFC 4380) carrying client 192.0.2.45", "documentation");
        // server 10.0.0.1, client 8.8.8.8 (inverted f7f7:f7f7)
        assertThat(refused(STRICT, ip("2001:0:a00:1::f7f7:f7f7"))).contains("carrying server 10.0.0.1", "private");
        // client 127.0.0.1 (inverted 80ff:fffe)
        assertThat(refused(STRICT, ip("2001:0:808:808::80ff:fffe"))).contains("carrying client 127.0.0.1");
        // both public: still refused as a Teredo tunnel, as before
        assertThat(refused(STRICT, ip("2001:0:808:808::f7f7:f7f7"))).contains("Teredo (RFC 4380)");
    }

    @Test
    void refusesIsatapInterfaceIdentifiersCarryingSpecialPurposeIpv4() {
        assertThat(refused(STRICT, ip("2a00:1450:4001:800:0:5efe:10.0.0.5")))
                .contains("ISATAP address (RFC 5214)", "carrying 10.0.0.5");
        assertThat(refused(STRICT, ip("2a00:1450:4001:800:200:5efe:127.0.0.1"))).contains("ISATAP", "127.0.0.1");
        assertThat(STRICT.refusal(ip("2a00:1450:4001:800:200:5efe:8.8.8.8"))).isEmpty();
        assertThat(STRICT.refusal(ip("2a00:1450:4001:800::200e"))).isEmpty();
        assertThat(STRICT.refusal(ip("2a00:1450:4001:800:5efe:5efe:a00:5"))).isEmpty();
    }

    @Test
    void anIpv4AllowListRangeAllowsTheEmbeddedFormsOfItsAddressesOnly() {
        TargetPolicy lab = TargetPolicy.allowing(List.of("127.0.0.0/8"));
        assertThat(lab.refusal(ip("127.0.0.1"))).isEmpty();
        assertThat(lab.refusal(ip("64:ff9b::127.0.0.1"))).isEmpty();
        assertThat(lab.refusal(ip("2002:7f00:1::"))).isEmpty();
        assertThat(lab.refusal(ip("::127.0.0.1"))).isEmpty();
        assertThat(lab.refusal(ip("::ffff:127.0.0.1"))).isEmpty();
        assertThat(refused(lab, ip("64:ff9b::10.0.0.5"))).contains("carrying 10.0.0.5");
        assertThat(refused(lab, ip("::1"))).contains("loopback (RFC 4291)");
        // the ranges refused as a whole need an IPv6 allow-list range
        assertThat(refused(lab, ip("2001:0:7f00:1::80ff:fffe"))).contains("Teredo (RFC 4380)");
        assertThat(refused(lab, ip("64:ff9b:1::127.0.0.1"))).contains("local-use NAT64 (RFC 8215)");
        // an IPv6 allow-list range allows the address whatever it carries
        assertThat(TargetPolicy.allowing(List.of("64:ff9b::/96")).refusal(ip("64:ff9b::10.0.0.5")))
                .isEmpty();
    }

    @Test
    void allowListAcceptsOnlyAddressLiteralsAndRanges() {
        assertThat(TargetPolicy.allowing(List.of("10.0.0.0/8", "fd00::/8", "192.0.2.1", "::ffff:0:0/96"))
                        .allowed())
                .extracting(TargetPolicy.Cidr::toString)
                .containsExactly("10.0.0.0/8", "fd00::/8", "192.0.2.1/32", "::ffff:0:0/96");
        for (String bad : List.of(
                "cafe",
                "10.1",
                "127.1",
                "1",
                "300.1.1.1",
                "1.2.3.4.5",
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/x",
                "10.0.0.0/-1",
                "fe80::1%eth0",
                "localhost",
                ":",
                "/8",
                "1:2:3:4:5:6:7:8:9")) {
            assertThatThrownBy(() -> TargetPolicy.allowing(List.of(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
