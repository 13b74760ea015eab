package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain whose DNSSEC chain is broken, served signed on loopback and judged by every DNS family
 * through a validating resolver with the test trust anchor: the dnssec result says the cause in
 * plain words, what follows and the fix; the checks the failure kept from running are marked
 * blocked, DKIM once for the domain; no message carries resolver jargon.
 */
class DnssecOutageTests {

    /**
     * Resolver jargon that belongs in the evidence, never in a message. "EDE" as a word only: the DS
     * record a message tells the admin to publish has a hex digest of a key made at test time, which
     * now and then holds the letters EDE.
     */
    static final Pattern JARGON = Pattern.compile("\\bEDE\\b|CD=1|RRSIG|DNSKEY_MISSING|DNSSEC_BOGUS|unvalidated data"
            + "|(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{40,}");

    static final Instant EXPIRED_ON = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

    static TestDnsServer server;
    static DnsClient dns;
    static CheckRunner runner;
    static SignedZones chain;

    static String zone(String origin) {
        return """
                $ORIGIN %s
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 192.0.2.53
                @ IN MX 10 mx
                mx IN A 192.0.2.25
                @ IN TXT "v=spf1 mx -all"
                _dmarc IN TXT "v=DMARC1; p=reject"
                sel._domainkey IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                _mta-sts IN TXT "v=STSv1; id=1"
                _smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@%s"
                """.formatted(origin, origin.substring(0, origin.length() - 1));
    }

    /** The zone of the MX host mx.badmx.test, signed, with a DS at the parent that matches no key. */
    static final String MX_HOST_ZONE = """
            $ORIGIN badmx.test.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 600 86400 300
            @ IN NS ns1
            ns1 IN A 192.0.2.53
            mx IN A 192.0.2.26
            """;

    /** A signed domain whose own chain is fine, with the given MX records. */
    static String mxZone(String origin, String... mx) {
        StringBuilder sb = new StringBuilder("""
                $ORIGIN %s
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 192.0.2.53
                mx IN A 192.0.2.27
                @ IN TXT "v=spf1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject"
                """.formatted(origin));
        for (String m : mx) {
            sb.append("@ IN MX ").append(m).append('\n');
        }
        return sb.toString();
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signedWithWrongDs("wrongds.test.", zone("wrongds.test."))
                .signed("expired.test.", zone("expired.test."))
                .signedWithWrongDs("badmx.test.", MX_HOST_ZONE)
                .signed("viabad.test.", mxZone("viabad.test.", "10 mx.badmx.test."))
                .signed("twomx.test.", mxZone("twomx.test.", "10 mx.badmx.test.", "20 mx"))
                .build();
        server = TestDnsServer.builder().zones(chain).start();
        server.replaceZone(chain.signer("expired.test.")
                .validity(EXPIRED_ON.minus(Duration.ofDays(30)), EXPIRED_ON)
                .sign(zone("expired.test."))
                .text());
        Path anchors = Files.writeString(dir.resolve("anchors.txt"), chain.trustAnchor());
        dns = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(server.address()))
                .withTrustAnchors(anchors)
                .withTimeout(Duration.ofMillis(500), 1));
        runner = new CheckRunner(CheckRegistry.dnsChecks(), dns, 8);
    }

    @AfterAll
    static void stop() {
        runner.close();
        dns.close();
        server.close();
    }

    static DomainReport run(String domain) {
        return runner.run(
                domain,
                CheckOptions.defaults()
                        .withCheckTimeout(Duration.ofSeconds(15))
                        .withDkimSelectors(List.of("sel", "s2024")));
    }

    static CheckResult result(DomainReport report, String check, String target) {
        return report.results().stream()
                .filter(r -> r.check().equals(check) && r.target().equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " result for " + target + " in "
                        + report.results().stream()
                                .map(r -> r.check() + " " + r.target())
                                .toList()));
    }

    @Test
    void saysThatNoDsMatchesTheKeyWhatFollowsAndTheDsToPublish() {
        DomainReport report = run("wrongds.test");

        CheckResult zone = result(report, "dnssec", "wrongds.test");
        assertThat(zone.status()).isEqualTo(Status.FAIL);
        assertThat(zone.findings()).extracting(Finding::code).containsExactly("DNSSEC_BOGUS");
        String ds = chain.zone("wrongds.test.").ds().getFirst().rdataToString();
        assertThat(zone.findings().getFirst().message())
                .startsWith("No DS record at the parent matches a DNSKEY of wrongds.test.")
                .contains("validating resolvers return SERVFAIL".substring(1))
                .contains("mail to wrongds.test is not delivered")
                .contains("Fix: publish at the parent")
                .contains(ds);
        assertThat(zone.evidence().details()).containsKey("dnssecFailure");
        assertThat(zone.evidence().dns()).anySatisfy(a -> assertThat(a.type()).isEqualTo("DNSKEY"));
    }

    @Test
    void saysWhenTheSignaturesExpiredAndToReSign() {
        DomainReport report = run("expired.test");

        CheckResult zone = result(report, "dnssec", "expired.test");
        assertThat(zone.status()).isEqualTo(Status.FAIL);
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC)
                .format(EXPIRED_ON);
        assertThat(zone.findings().getFirst().message())
                .startsWith("The signatures of expired.test expired on " + date + ".")
                .contains("mail to expired.test is not delivered")
                .contains("Fix: re-sign the zone expired.test");
    }

    @Test
    void marksTheChecksTheFailureBlockedAndDkimOnceForTheDomain() {
        DomainReport report = run("wrongds.test");

        for (String check : List.of("mx", "spf", "dmarc", "mta-sts", "tls-rpt")) {
            CheckResult r = result(report, check, "wrongds.test");
            assertThat(r.status()).as(check).isEqualTo(Status.ERROR);
            assertThat(r.findings()).as(check).extracting(Finding::code).containsOnly("DNSSEC_BLOCKED");
            assertThat(r.findings().getFirst().message()).startsWith("Blocked by the DNSSEC failure");
        }
        List<CheckResult> dkim =
                report.results().stream().filter(r -> r.check().equals("dkim")).toList();
        assertThat(dkim).hasSize(1);
        assertThat(dkim.getFirst().target()).isEqualTo("_domainkey.wrongds.test");
        assertThat(dkim.getFirst().findings()).extracting(Finding::code).containsExactly("DNSSEC_BLOCKED");
        assertThat(dkim.getFirst().findings().getFirst().message())
                .contains("the DKIM keys of " + dkimSelectorsTried(dkim.getFirst())
                        + " selectors could not be looked up");
        assertThat(report.results())
                .flatExtracting(CheckResult::findings)
                .filteredOn(f -> f.code().equals("DNSSEC_BLOCKED"))
                .extracting(Finding::mitigation)
                .doesNotContain("dnssec-dane");
    }

    @Test
    void judgingTheStoredObservationAgainGivesTheSameDiagnosis() {
        DomainObservation observed =
                runner.observe("expired.test", CheckOptions.defaults().withCheckTimeout(Duration.ofSeconds(15)));
        ObservationJson codec = new ObservationJson(runner.registry());

        DomainReport again = runner.judge(codec.decode(codec.encode(observed)));

        assertThat(again).isEqualTo(runner.judge(observed));
        assertThat(result(again, "dnssec", "expired.test").findings().getFirst().message())
                .startsWith("The signatures of expired.test expired on");
    }

    @Test
    void aBrokenChainOfTheOnlyMxHostIsTheHeadlineNamingThatHost() {
        DomainReport report = run("viabad.test");

        assertThat(result(report, "dnssec", "viabad.test").status()).isEqualTo(Status.PASS);
        CheckResult host = result(report, "dnssec", "mx.badmx.test");
        assertThat(host.status()).isEqualTo(Status.FAIL);
        assertThat(host.findings().getFirst().message())
                .startsWith("Mail to viabad.test via mx.badmx.test is not delivered: the DNSSEC chain of"
                        + " mx.badmx.test is broken")
                .contains("Fix: re-sign the zone of mx.badmx.test");
        DnssecOutage outage = DnssecOutage.of(report).orElseThrow();
        assertThat(outage.mxHost()).contains("mx.badmx.test");
        assertThat(outage.title())
                .isEqualTo("Mail to viabad.test via mx.badmx.test is not delivered: the DNSSEC chain of"
                        + " mx.badmx.test is broken");
        assertThat(outage.message()).isEqualTo(host.findings().getFirst().message());
        assertThat(outage.blockedChecks()).contains("mx");
    }

    @Test
    void aBrokenChainOfOneOfTwoMxHostsIsAWarningNamingThatHostAndNoHeadline() {
        DomainReport report = run("twomx.test");

        CheckResult host = result(report, "dnssec", "mx.badmx.test");
        assertThat(host.status()).isEqualTo(Status.WARN);
        assertThat(host.findings()).extracting(Finding::code).containsExactly("DNSSEC_BOGUS");
        assertThat(host.findings().getFirst().message())
                .startsWith("The DNSSEC chain of MX host mx.badmx.test is broken")
                .contains("only through mx.twomx.test");
        assertThat(result(report, "dnssec", "mx.twomx.test").status()).isEqualTo(Status.PASS);
        assertThat(DnssecOutage.of(report)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static int dkimSelectorsTried(CheckResult dkim) {
        return ((List<String>) dkim.evidence().details().get("selectorsTried")).size();
    }

    @Test
    void noMessageCarriesResolverJargon() {
        for (String domain : List.of("wrongds.test", "expired.test", "viabad.test", "twomx.test")) {
            assertThat(run(domain).results())
                    .flatExtracting(CheckResult::findings)
                    .extracting(Finding::message)
                    .allSatisfy(m -> assertThat(m).doesNotContainPattern(JARGON));
        }
    }
}
