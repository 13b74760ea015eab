package dev.mailward.checks.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.spf.SpfRecord.Mechanism;
import dev.mailward.checks.spf.SpfRecord.Qualifier;
import org.junit.jupiter.api.Test;

class SpfRecordParserTests {

    @Test
    void parsesMechanismsQualifiersCidrsAndModifiers() throws Exception {
        SpfRecord r = SpfRecordParser.parse(
                "v=spf1 ip4:192.0.2.0/24 -ip6:2001:db8::/32 ~a:mail.example.com/28//64 ?mx include:_spf.example.net"
                        + " exists:%{ir}.bl.example.org ptr redirect=other.example exp=why.%{d} x-custom=%{l} -all");
        assertThat(r.mechanisms()).hasSize(8);
        assertThat(r.mechanisms().get(0))
                .isInstanceOfSatisfying(
                        Mechanism.Ip4.class, m -> assertThat(m.cidr()).isEqualTo(24));
        assertThat(r.mechanisms().get(1).qualifier()).isEqualTo(Qualifier.FAIL);
        assertThat(r.mechanisms().get(2)).isInstanceOfSatisfying(Mechanism.A.class, m -> {
            assertThat(m.cidr4()).isEqualTo(28);
            assertThat(m.cidr6()).isEqualTo(64);
            assertThat(m.domain().orElseThrow().raw()).isEqualTo("mail.example.com");
        });
        assertThat(r.redirect().orElseThrow().raw()).isEqualTo("other.example");
        assertThat(r.exp().orElseThrow().raw()).isEqualTo("why.%{d}");
        assertThat(r.unknownModifiers()).containsExactly("x-custom=%{l}");
        assertThat(r.all().orElseThrow().qualifier()).isEqualTo(Qualifier.FAIL);
    }

    @Test
    void namesTheOffendingTermInSyntaxErrors() {
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 ip4:192.0.2.1 moo -all"))
                .hasMessage("term 'moo': unknown mechanism 'moo'");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 ip4:1.2.3.4/33"))
                .hasMessageContaining("'ip4:1.2.3.4/33'");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 ip4:1.2.3")).hasMessageContaining("dotted-quad");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 a:museum")).hasMessageContaining("top label");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 a:111.222.33.44"))
                .hasMessageContaining("all-numeric");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 -all redirect=a.example redirect=b.example"))
                .hasMessageContaining("second redirect=");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 exists:%{ir}.%(x).example"))
                .hasMessageContaining("'%('");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 exp=%{r}.example.com -all"))
                .hasMessageContaining("c, r, t only in exp text");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 a:foo.example.com\rptr -all"))
                .hasMessageContaining("U+000D");
        assertThatThrownBy(() -> SpfRecordParser.parse("v=spf1 -all.")).hasMessageContaining("'-all.'");
    }

    @Test
    void selectsOnlyVersionFollowedBySpaceOrEnd() {
        assertThat(SpfRecordParser.isSpfRecord("v=spf1")).isTrue();
        assertThat(SpfRecordParser.isSpfRecord("V=SpF1 -all")).isTrue();
        assertThat(SpfRecordParser.isSpfRecord("v=spf10")).isFalse();
        assertThat(SpfRecordParser.isSpfRecord(" v=spf1 -all")).isFalse();
    }

    @Test
    void expandsMacrosWithTransformersDelimitersAndUrlEscaping() throws Exception {
        java.util.Map<Character, String> v = java.util.Map.of(
                's',
                "strong-bad@email.example.com",
                'l',
                "strong-bad",
                'o',
                "email.example.com",
                'd',
                "email.example.com",
                'i',
                "192.0.2.3",
                'v',
                "in-addr",
                'h',
                "mx.example.org");
        assertThat(expand("%{ir}.%{v}._spf.%{d2}", v)).isEqualTo("3.2.0.192.in-addr._spf.example.com");
        assertThat(expand("%{lr-}.lp._spf.%{d2}", v)).isEqualTo("bad.strong.lp._spf.example.com");
        assertThat(expand("%{l1r-}.lp.%{d}", v)).isEqualTo("strong.lp.email.example.com");
        assertThat(expand("%{d4}|%{d1}|%{dr}|%{d2r}", v))
                .isEqualTo("email.example.com|com|com.example.email|example.email");
        assertThat(expand("%%|%_|%-", v)).isEqualTo("%| |%20");
        assertThat(MacroString.urlEscape("~jack&jill=up-a_b3.c")).isEqualTo("~jack%26jill%3Dup-a_b3.c");
        assertThatThrownBy(() -> MacroString.parse("%{d0}", MacroString.DOMAIN_LETTERS, false))
                .hasMessageContaining("nonzero");
    }

    private static String expand(String s, java.util.Map<Character, String> values) throws SpfSyntaxException {
        return MacroString.parse(s, MacroString.EXPLANATION_LETTERS, false).expand(values::get);
    }

    @Test
    void parsesIpv6WithoutTheResolver() {
        assertThat(SpfIp.parseIp6("::FFFF:1.2.3.4")).isPresent();
        assertThat(SpfIp.parseClient("::ffff:1.2.3.4").orElseThrow()).hasSize(4);
        assertThat(SpfIp.parseIp6(":CAFE::BABE")).isEmpty();
        assertThat(SpfIp.parseIp6("1::2::3")).isEmpty();
        assertThat(SpfIp.readable(SpfIp.parseIp6("CAFE:BABE:0:0:0:0:0:1").orElseThrow()))
                .isEqualTo("cafe:babe::1");
        assertThat(SpfIp.reverseName(SpfIp.parseIp4("192.0.2.3").orElseThrow())).isEqualTo("3.2.0.192.in-addr.arpa");
    }

    @Test
    void parsesEachTextOnceAndRepeatsSyntaxErrorsWordForWord() throws Exception {
        String shared = "v=spf1 ip4:198.51.100.0/24 include:_spf.cache-test.example ~all";
        SpfRecord first = SpfRecordParser.parse(shared);
        assertThat(SpfRecordParser.parse(new String(shared))).isSameAs(first);
        assertThat(first.mechanisms()).hasSize(3);

        String bad = "v=spf1 ip4:300.1.2.3 -all";
        String message = null;
        for (int i = 0; i < 2; i++) {
            try {
                SpfRecordParser.parse(bad);
                throw new AssertionError("parsed " + bad);
            } catch (SpfSyntaxException e) {
                if (message == null) {
                    message = e.getMessage();
                }
                assertThat(e.getMessage()).isEqualTo(message).contains("300.1.2.3");
            }
        }

        // Longer texts are parsed every time, not kept.
        String longText = "v=spf1" + " ip4:192.0.2.1".repeat(80) + " -all";
        assertThat(longText.length()).isGreaterThan(SpfRecordParser.CACHE_MAX_CHARS);
        assertThat(SpfRecordParser.parse(longText)).isNotSameAs(SpfRecordParser.parse(longText));
    }
}
