package dev.mailward.checks.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.spf.SpfEvaluation.Limit;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** check_host() on an in-memory zone (pure evaluator tests; conformance runs over loopback DNS). */
class SpfEvaluatorTests {

    private static SpfZone zone(String... lines) {
        SpfZone z = new SpfZone();
        for (String line : lines) {
            String[] p = line.split(" ", 3);
            switch (p[1]) {
                case "TXT" -> z.add(p[0], "TXT", List.of(p[2]));
                case "MX" -> z.add(p[0], "MX", new Object[] {10, p[2]});
                case "TIMEOUT" -> z.timeout(p[0]);
                default -> z.add(p[0], p[1], p[2]);
            }
        }
        return z;
    }

    private static SpfEvaluation eval(SpfZone z, String ip, String sender) {
        return new SpfEvaluator(new ZoneSpfDns(z), "DEFAULT", "unknown", Clock.systemUTC())
                .checkHost(ip, sender.substring(sender.indexOf('@') + 1), sender, "helo.example");
    }

    @Test
    void passesMatchingIncludeAndFailsTheRestWithExplanation() {
        SpfZone z = zone(
                "example.com TXT v=spf1 include:_spf.example.net -all exp=why.example.com",
                "_spf.example.net TXT v=spf1 ip4:192.0.2.0/24 -all",
                "why.example.com TXT %{i} may not send for %{d}");
        assertThat(eval(z, "192.0.2.7", "a@example.com").result()).isEqualTo(SpfResult.PASS);
        SpfEvaluation fail = eval(z, "198.51.100.1", "a@example.com");
        assertThat(fail.result()).isEqualTo(SpfResult.FAIL);
        assertThat(fail.explanation()).contains("198.51.100.1 may not send for example.com");
    }

    @Test
    void stopsAtTheEleventhDnsTerm() {
        SpfZone z = zone("loop.example TXT v=spf1 include:loop.example -all");
        SpfEvaluation e = eval(z, "192.0.2.1", "a@loop.example");
        assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(e.reason()).contains("more than 10 DNS-querying terms");
        assertThat(e.dnsTerms()).isEqualTo(11);
        assertThat(e.limitExceeded()).contains(Limit.DNS_TERMS);
    }

    @Test
    void permerrorsOnTheThirdVoidLookup() {
        SpfZone z = zone(
                "v.example TXT v=spf1 a:n1.v.example a:n2.v.example ?all",
                "w.example TXT v=spf1 a:n1.v.example a:n2.v.example a:n3.v.example ?all");
        SpfEvaluation two = eval(z, "192.0.2.1", "a@v.example");
        assertThat(two.result()).isEqualTo(SpfResult.NEUTRAL);
        assertThat(two.limitExceeded()).isEmpty();
        SpfEvaluation e = eval(z, "192.0.2.1", "a@w.example");
        assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(e.voidLookups()).isEqualTo(3);
        assertThat(e.limitExceeded()).contains(Limit.VOID_LOOKUPS);
    }

    @Test
    void permerrorsWhenAnMxTermNamesMoreThanTenHosts() {
        String[] lines = new String[23];
        lines[0] = "mx.example TXT v=spf1 mx -all";
        for (int i = 1; i <= 11; i++) {
            lines[2 * i - 1] = "mx.example MX h" + i + ".mx.example";
            lines[2 * i] = "h" + i + ".mx.example A 198.51.100." + i;
        }
        SpfEvaluation e = eval(zone(lines), "192.0.2.1", "a@mx.example");
        assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(e.reason())
                .isEqualTo(
                        "mx.example has 11 MX records for 'mx' and the first 10 did not match" + " (RFC 7208 §4.6.4)");
        assertThat(e.limitExceeded()).contains(Limit.MX_NAMES);
        // a client among the first ten hosts matches before the limit is reached
        SpfEvaluation pass = eval(zone(lines), "198.51.100.1", "a@mx.example");
        assertThat(pass.result()).isEqualTo(SpfResult.PASS);
        assertThat(pass.limitExceeded()).isEmpty();
    }

    @Test
    void namesNoLimitForPermerrorsThatAreNotLimits() {
        SpfZone z = zone(
                "two.example TXT v=spf1 -all",
                "two.example TXT v=spf1 ?all",
                "syn.example TXT v=spf1 include:two.example -all");
        SpfEvaluation twice = eval(z, "192.0.2.1", "a@two.example");
        assertThat(twice.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(twice.limitExceeded()).isEmpty();
        SpfEvaluation included = eval(z, "192.0.2.1", "a@syn.example");
        assertThat(included.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(included.limitExceeded()).isEmpty();
    }

    @Test
    void turnsDnsTimeoutsIntoTemperrorNeverFail() {
        SpfZone z = zone("t.example TXT v=spf1 a:slow.example -all", "slow.example TIMEOUT x");
        assertThat(eval(z, "192.0.2.1", "a@t.example").result()).isEqualTo(SpfResult.TEMPERROR);
        SpfZone top = zone("slow2.example TIMEOUT x");
        assertThat(eval(top, "192.0.2.1", "a@slow2.example").result()).isEqualTo(SpfResult.TEMPERROR);
    }

    @Test
    void treatsIpv4MappedClientsAsIpv4() {
        SpfZone z = zone("m.example TXT v=spf1 ip6:::/0 ip4:192.0.2.0/24 -all");
        assertThat(eval(z, "::ffff:192.0.2.9", "a@m.example").result()).isEqualTo(SpfResult.PASS);
        assertThat(eval(z, "::ffff:198.51.100.9", "a@m.example").result()).isEqualTo(SpfResult.FAIL);
        assertThat(eval(z, "2001:db8::1", "a@m.example").result()).isEqualTo(SpfResult.PASS);
    }

    @Test
    void redirectTakesTheTargetsResultAndNoRecordThereIsPermerror() {
        SpfZone z = zone(
                "r.example TXT v=spf1 redirect=target.example",
                "target.example TXT v=spf1 ~all",
                "bad.example TXT v=spf1 redirect=nothing.example");
        assertThat(eval(z, "192.0.2.1", "a@r.example").result()).isEqualTo(SpfResult.SOFTFAIL);
        assertThat(eval(z, "192.0.2.1", "a@bad.example").result()).isEqualTo(SpfResult.PERMERROR);
    }

    @Test
    void returnsNoneForMalformedDomainsAndMissingRecords() {
        SpfZone z = zone("x.example TXT not spf");
        assertThat(eval(z, "192.0.2.1", "a@x.example").result()).isEqualTo(SpfResult.NONE);
        assertThat(eval(z, "192.0.2.1", "a@localhost").result()).isEqualTo(SpfResult.NONE);
        assertThat(eval(z, "192.0.2.1", "a@bad..example").result()).isEqualTo(SpfResult.NONE);
    }
}
