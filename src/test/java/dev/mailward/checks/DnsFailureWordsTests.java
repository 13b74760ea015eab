package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Every DNS family (and the probes' and DANE's lookups) run against loopback DNS servers that time
 * out, refuse, or outlast the query budget: each failed lookup is said in plain words in the
 * finding's message ("did not answer in time", "refused the query", "lookup budget … used up"),
 * never as the resolver's outcome name, an EDE number, {@code CD=1}/{@code DO} flags or base64;
 * the outcome names stay in the evidence.
 */
class DnsFailureWordsTests {

    /** What belongs in the evidence, never in a message. */
    static final Pattern RAW = Pattern.compile("\\b("
            + String.join(
                    "|", Arrays.stream(DnsOutcome.values()).map(Enum::name).toList())
            + ")\\b|\\bEDE\\b|EDE \\d|CD=1|\\bDO\\b|DO=1|[A-Za-z0-9+/]{41,}");

    static final String HOST = "192.0.2.25";
    static final String REVERSE = "25.2.0.192";

    static TestDnsServer server;
    static DnsClient dns;
    static CheckRunner runner;

    static String zone(String origin) {
        return """
                $ORIGIN %s
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 192.0.2.53
                @ IN MX 10 mx
                mx IN A %s
                """.formatted(origin, HOST);
    }

    @BeforeAll
    static void start() {
        // Names outside the loaded zones are refused: refused.test has no zone at all.
        server = TestDnsServer.builder()
                .zone(zone("slow.test."))
                .zone(zone("slowmx.test."))
                .outOfZoneRcode(Rcode.REFUSED)
                .start();
        // slow.test: its MX and the MX host's address answer; every other name the checks ask times out.
        for (String name : List.of(
                "_dmarc.slow.test",
                "_mta-sts.slow.test",
                "mta-sts.slow.test",
                "_smtp._tls.slow.test",
                "sel._domainkey.slow.test",
                "_25._tcp.mx.slow.test",
                "_submission._tcp.slow.test",
                "_submissions._tcp.slow.test",
                "_imap._tcp.slow.test",
                "_imaps._tcp.slow.test",
                "_pop3._tcp.slow.test",
                "_pop3s._tcp.slow.test",
                REVERSE + ".in-addr.arpa",
                REVERSE + ".bl.slow.test")) {
            server.timeout(name);
        }
        for (int type : new int[] {Type.TXT, Type.SOA, Type.A, Type.AAAA, Type.DNSKEY}) {
            server.timeout("slow.test", type);
        }
        server.timeout("slowmx.test", Type.MX);
        dns = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(server.address()))
                .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD)
                .withTimeout(Duration.ofMillis(300), 0));
        runner = new CheckRunner(CheckRegistry.withProbes(EndpointProber.forOneCycle()), dns, 8);
    }

    @AfterAll
    static void stop() {
        runner.close();
        dns.close();
        server.close();
    }

    static CheckOptions options() {
        return CheckOptions.defaults()
                .withCheckTimeout(Duration.ofSeconds(20))
                .withDkimSelectors(List.of("sel"))
                .withDnsblZones(List.of("bl.slow.test"));
    }

    static List<Finding> findings(DomainReport report) {
        return report.results().stream().flatMap(r -> r.findings().stream()).toList();
    }

    static void assertPlain(DomainReport report) {
        assertThat(findings(report))
                .extracting(Finding::message)
                .allSatisfy(m -> assertThat(m).doesNotContainPattern(RAW));
    }

    static List<String> evidenceOutcomes(DomainReport report) {
        return report.results().stream()
                .flatMap(r -> r.evidence().dns().stream())
                .map(d -> d.outcome())
                .toList();
    }

    @Test
    void lookupsThatTimeOutAreSaidInWordsInEveryFamily() {
        DomainReport report = runner.run("slow.test", options());

        assertPlain(report);
        List<String> errors = findings(report).stream()
                .filter(f -> f.status() == Status.ERROR)
                .map(Finding::message)
                .toList();
        assertThat(errors).anySatisfy(m -> assertThat(m).contains("did not answer in time"));
        // Every family that asks one of the silent names says so, in words.
        for (String check :
                List.of("spf", "dmarc", "dkim", "mta-sts", "tls-rpt", "dnssec", "ptr", "blocklist", "dane")) {
            assertThat(report.results())
                    .as(check)
                    .filteredOn(r -> r.check().equals(check))
                    .flatExtracting(CheckResult::findings)
                    .filteredOn(f -> f.status() == Status.ERROR)
                    .extracting(Finding::message)
                    .anySatisfy(m -> assertThat(m).containsAnyOf("did not answer in time", "ran out"));
        }
        assertThat(evidenceOutcomes(report)).contains("TIMEOUT");
    }

    @Test
    void anMxLookupThatTimesOutIsSaidInWords() {
        DomainReport report = runner.run("slowmx.test", options());

        assertPlain(report);
        CheckResult mx = report.results().stream()
                .filter(r -> r.check().equals("mx"))
                .findFirst()
                .orElseThrow();
        assertThat(mx.findings().getFirst().message())
                .startsWith("the MX lookup of slowmx.test timed out: the DNS servers did not answer in time");
        assertThat(evidenceOutcomes(report)).contains("TIMEOUT");
    }

    @Test
    void refusedLookupsAreSaidInWordsInEveryFamily() {
        DomainReport report = runner.run("refused.test", options());

        assertPlain(report);
        for (String check : List.of("mx", "spf", "dmarc", "dkim", "mta-sts", "tls-rpt", "dnssec")) {
            assertThat(report.results())
                    .as(check)
                    .filteredOn(r -> r.check().equals(check))
                    .flatExtracting(CheckResult::findings)
                    .extracting(Finding::message)
                    .anySatisfy(m -> assertThat(m).contains("the DNS server refused the query"));
        }
        assertThat(evidenceOutcomes(report)).contains("REFUSED");
    }

    @Test
    void aSpentQueryBudgetIsSaidInWords() {
        try (CheckRunner tight = new CheckRunner(CheckRegistry.withProbes(EndpointProber.forOneCycle()), dns, 4, 3)) {
            DomainReport report = tight.run("slowmx.test", options());

            assertPlain(report);
            assertThat(findings(report))
                    .extracting(Finding::message)
                    .anySatisfy(m -> assertThat(m)
                            .contains("the lookup budget of this domain was used up (more than 3 queries)"));
            assertThat(evidenceOutcomes(report)).contains("BUDGET_EXHAUSTED");
        }
    }
}
