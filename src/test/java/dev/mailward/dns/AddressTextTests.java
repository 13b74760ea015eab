package dev.mailward.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/** Addresses are shown in RFC 5952 text ({@code ::1}), never as {@code 0:0:0:0:0:0:0:1}. */
class AddressTextTests {

    private static String text(String literal) {
        return AddressText.of(InetAddress.ofLiteral(literal));
    }

    @Test
    void writesIpv6InTheCanonicalTextOfRfc5952() {
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(text("2001:DB8:0:0:0:0:0:25")).isEqualTo("2001:db8::25");
        // §4.1 leading zeros dropped; §4.2.2 a single zero group stays; §4.2.3 the first of equal runs
        assertThat(text("2001:0db8:0000:0001:0001:0001:0001:0001")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        // §4.2.1 the longest run
        assertThat(text("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(text("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(text("64:ff9b::a00:5")).isEqualTo("64:ff9b::a00:5");
        assertThat(text("192.0.2.25")).isEqualTo("192.0.2.25");
    }

    @Test
    void dnsEvidenceShowsAaaaAnswersCompressed() throws Exception {
        Name name = Name.fromString("mx1.example.");
        assertThat(DnsEvidence.Rr.of(new AAAARecord(name, DClass.IN, 300, InetAddress.ofLiteral("2001:db8::1")))
                        .data())
                .isEqualTo("2001:db8::1");
        assertThat(DnsEvidence.Rr.of(new ARecord(name, DClass.IN, 300, InetAddress.ofLiteral("192.0.2.1")))
                        .data())
                .isEqualTo("192.0.2.1");
    }
}
