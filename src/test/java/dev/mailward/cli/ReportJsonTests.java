package dev.mailward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSettings;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streamed one-line JSON of a bulk run must be byte for byte what the data binder makes of
 * the shared {@code ResultsJson} maps, for every shape of evidence.
 */
class ReportJsonTests {

    private static final JsonMapper BINDER = JsonMapper.builder().build();

    private static String viaBinder(DomainReport r) {
        return BINDER.writeValueAsString(ReportJson.tree(r));
    }

    record Hop(String host, int preference, Optional<String> note) {}

    enum Kind {
        ALPHA,
        BETA
    }

    @Test
    void everyShapeOfEvidenceIsWrittenAsTheBinderWritesIt() throws Exception {
        String hostile =
                "\"quoted\" <script>alert(1)</script> \\ back\u0000nul\u001f\ttab \u00e9\u4e2d\ud83d\ude00 \u2028";
        TXTRecord txt = new TXTRecord(Name.fromString("x.test."), 1, 300, List.of(hostile, "v=spf1 -all"));
        DnsAnswer ok = new DnsAnswer(
                "x.test.",
                "TXT",
                DnsOutcome.OK,
                List.of(txt),
                List.of(),
                DnssecStatus.SECURE,
                Optional.empty(),
                "127.0.0.1:53",
                false,
                false,
                Duration.ofMillis(3),
                Optional.empty());
        DnsAnswer failed = new DnsAnswer(
                "y.test.",
                "MX",
                DnsOutcome.SERVFAIL,
                List.of(),
                List.of(),
                DnssecStatus.BOGUS,
                Optional.of("expired " + hostile),
                "",
                true,
                true,
                Duration.ZERO,
                Optional.of(hostile));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("null", null);
        nested.put("int", 7);
        nested.put("long", 1L << 40);
        nested.put("double", 0.25);
        nested.put("bool", true);
        nested.put("enum", Kind.BETA);
        nested.put("list", List.of("a", 1, List.of(false)));
        nested.put("set", new LinkedHashSet<>(List.of("z", "y")));
        nested.put("optionalPresent", Optional.of("here"));
        nested.put("optionalEmpty", Optional.empty());
        nested.put("record", new Hop("mx." + hostile, 10, Optional.empty()));
        nested.put("intKeys", Map.of(1, "one"));
        nested.put("array", new String[] {"p", "q"});
        nested.put("instant", Instant.parse("2026-12-01T00:00:00Z").toString());
        List<Object> deep = new ArrayList<>();
        Object cur = deep;
        for (int i = 0; i < 40; i++) {
            List<Object> next = new ArrayList<>();
            ((List<Object>) cur).add(next);
            cur = next;
        }
        nested.put("deep", deep);
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("subject", "CN=" + hostile);
        cert.put("daysLeft", 12);
        cert.put("names", List.of("a.test", "b.test"));
        Evidence evidence = Evidence.builder()
                .dns(List.of(ok, failed))
                .http(new Evidence.HttpExchange(
                        "https://mta-sts.x.test/.well-known/mta-sts.txt",
                        null,
                        0,
                        List.of("Content-Type: text/plain", hostile),
                        hostile,
                        null))
                .http(new Evidence.HttpExchange("https://h/", "127.0.0.1", 200, List.of(), "", "oops " + hostile))
                .transcript(List.of(
                        new Evidence.TranscriptLine(0, "S", "220 " + hostile),
                        new Evidence.TranscriptLine(12, "*", "TLS")))
                .certificate(cert)
                .detail("nested", nested)
                .detail("plain", hostile)
                .detail("none", null)
                .build();
        Instant at = Instant.parse("2026-12-01T10:15:30.123456789Z");
        CheckResult full = CheckResult.of(
                "spf",
                "x.test",
                List.of(
                        new Finding("SPF_A", Status.WARN, hostile, "spf"),
                        new Finding("SPF_B", Status.FAIL, "second", "spf")),
                evidence,
                at,
                Duration.ofMillis(1234));
        CheckResult empty = CheckResult.of("dkim", "_domainkey.x.test", List.of(), Evidence.empty(), at, Duration.ZERO);
        DomainReport report = new DomainReport("x.test", at, List.of(full, empty));

        assertThat(ReportJson.toJsonLine(report)).isEqualTo(viaBinder(report));
        assertThat(ReportJson.toJsonLine(report)).doesNotContain("\n");
        DomainReport none = new DomainReport("empty.test", at, List.of());
        assertThat(ReportJson.toJsonLine(none)).isEqualTo(viaBinder(none));
    }

    @Test
    void aDnssecOutageIsWrittenAsTheBinderWritesIt() {
        Instant at = Instant.parse("2026-12-01T10:15:30Z");
        for (String target : List.of("x.test", "mx.y.test")) {
            CheckResult dnssec = CheckResult.of(
                    "dnssec",
                    target,
                    List.of(new Finding("DNSSEC_BOGUS", Status.FAIL, "the \"chain\" is broken", "dnssec-dane")),
                    Evidence.empty(),
                    at,
                    Duration.ZERO);
            CheckResult blocked = CheckResult.of(
                    "spf",
                    "x.test",
                    List.of(new Finding("DNSSEC_BLOCKED", Status.ERROR, "Blocked by the DNSSEC failure", "spf")),
                    Evidence.empty(),
                    at,
                    Duration.ZERO);
            DomainReport report = new DomainReport("x.test", at, List.of(dnssec, blocked));

            String line = ReportJson.toJsonLine(report);
            assertThat(line).isEqualTo(viaBinder(report)).contains("\"dnssecOutage\":{\"title\":\"Mail to x.test");
            assertThat(line).contains("\"blockedChecks\":[\"spf\"]");
            assertThat(line.contains("\"mxHost\":\"mx.y.test\"")).isEqualTo(target.equals("mx.y.test"));
        }
    }

    @Test
    void realReportsOfEveryDnsCheckAreWrittenAsTheBinderWritesThem() {
        try (TestDnsServer server = TestDnsServer.builder().zone("""
                $ORIGIN json.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                good IN MX 10 mx.good
                good IN TXT "v=spf1 mx include:_spf.esp -all"
                _spf.esp IN TXT "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all"
                _dmarc.good IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@good.json.test; pct=100"
                default._domainkey.good IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                _mta-sts.good IN TXT "v=STSv1; id=20261201"
                _smtp._tls.good IN TXT "v=TLSRPTv1; rua=mailto:tls@good.json.test"
                mx.good IN A 192.0.2.1
                mx.good IN AAAA 2001:db8::1
                broken IN MX 10 nowhere.broken
                broken IN TXT "v=spf1 include:loop.broken" "<b>html</b>"
                loop.broken IN TXT "v=spf1 include:broken.json.test"
                nomail IN MX 0 .
                """).zone("""
                $ORIGIN 2.0.192.in-addr.arpa.
                $TTL 300
                @ IN SOA ns1.json.test. hostmaster.json.test. 1 3600 600 86400 300
                1 IN PTR mx.good.json.test.
                """).start();
                DnsClient dns = DnsClient.create(DnsSettings.defaults()
                        .withResolvers(List.of(DnsSettings.parseServer("127.0.0.1:" + server.port())))
                        .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD));
                CheckRunner runner = new CheckRunner(Engine.registry(false), dns, 8)) {
            CheckOptions options = CheckOptions.defaults().withCheckTimeout(Duration.ofSeconds(10));
            int checked = 0;
            for (String domain :
                    Arrays.asList("good.json.test", "broken.json.test", "nomail.json.test", "absent.json.test")) {
                DomainReport report = runner.run(domain, options);
                assertThat(report.results()).isNotEmpty();
                assertThat(ReportJson.toJsonLine(report)).as(domain).isEqualTo(viaBinder(report));
                checked += report.results().size();
            }
            assertThat(checked).isGreaterThan(20);
        }
    }
}
