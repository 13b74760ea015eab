package dev.mailward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI says a DNSSEC outage once, at the top, as the console does: the text report leads with
 * what is broken, the cause and the fix, and marks the checks it blocked; the JSON carries it as
 * {@code dnssecOutage}. Served signed on loopback with a DS that matches no key, for the domain's
 * own zone and for the zone of its only MX host.
 */
class CheckCommandDnssecOutageTests {

    static TestDnsServer server;
    static Path anchors;

    static String zone(String origin, String mx) {
        return """
                $ORIGIN %s
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 192.0.2.53
                @ IN MX %s
                mx IN A 192.0.2.25
                @ IN TXT "v=spf1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject"
                """.formatted(origin, mx);
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        SignedZones chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signedWithWrongDs("wrongds.test.", zone("wrongds.test.", "10 mx"))
                .signedWithWrongDs("badmx.test.", zone("badmx.test.", "10 mx"))
                .signed("viabad.test.", zone("viabad.test.", "10 mx.badmx.test."))
                .signed("fine.test.", zone("fine.test.", "10 mx"))
                .build();
        server = TestDnsServer.builder().zones(chain).start();
        anchors = Files.writeString(dir.resolve("anchors.txt"), chain.trustAnchor());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CheckCommandTests.Run check(String domain, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "check",
                domain,
                "--resolver",
                "127.0.0.1:" + server.port(),
                "--dnssec-mode",
                "validate",
                "--trust-anchors",
                anchors.toString()));
        args.addAll(List.of(more));
        return CheckCommandTests.run(args.toArray(String[]::new));
    }

    @Test
    void theTextReportLeadsWithTheOutageOnceAndMarksTheBlockedChecks() {
        String out = check("wrongds.test").out();

        String head = out.substring(0, out.indexOf("\nFAIL") > 0 ? out.indexOf("\nFAIL") : out.length());
        assertThat(head)
                .contains("!! Mail to wrongds.test is not delivered: its DNSSEC chain is broken")
                .contains("No DS record at the parent matches a DNSKEY of wrongds.test.")
                .contains("Fix: publish at the parent")
                .contains("Blocked by the DNSSEC failure, these checks could not run: ")
                .contains("mx");
        assertThat(out.split("its DNSSEC chain is broken", -1)).hasSize(2);
        assertThat(out.lines().filter(l -> l.matches("ERROR\\s+mx\\s+wrongds\\.test.*")))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith("(blocked by the DNSSEC failure)"));
        assertThat(out.lines().filter(l -> l.matches("FAIL\\s+dnssec\\s+wrongds\\.test.*")))
                .singleElement()
                .satisfies(l -> assertThat(l).doesNotContain("blocked"));
    }

    @Test
    void theJsonCarriesTheOutageAsAField() {
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(check("wrongds.test", "--format", "json").out());

        JsonNode outage = json.get("dnssecOutage");
        assertThat(outage).isNotNull();
        assertThat(outage.get("title").asString())
                .isEqualTo("Mail to wrongds.test is not delivered: its DNSSEC chain is broken");
        assertThat(outage.get("message").asString()).startsWith("No DS record at the parent matches a DNSKEY");
        assertThat(outage.has("mxHost")).isFalse();
        List<String> blocked = new ArrayList<>();
        outage.get("blockedChecks").forEach(c -> blocked.add(c.asString()));
        assertThat(blocked).contains("mx", "spf", "dmarc").doesNotContain("dnssec");

        JsonNode line = JsonMapper.builder()
                .build()
                .readTree(check("wrongds.test", "--format", "jsonl").out().strip());
        assertThat(line.get("dnssecOutage")).isEqualTo(outage);
    }

    @Test
    void aBrokenChainOfTheOnlyMxHostIsTheHeadlineForThatHost() {
        String out = check("viabad.test").out();
        assertThat(out)
                .contains("!! Mail to viabad.test via mx.badmx.test is not delivered: the DNSSEC chain of"
                        + " mx.badmx.test is broken");

        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(check("viabad.test", "--format", "json").out());
        assertThat(json.get("dnssecOutage").get("mxHost").asString()).isEqualTo("mx.badmx.test");
    }

    @Test
    void aDomainWithoutAnOutageHasNoHeadlineAndNoField() {
        assertThat(check("fine.test").out()).doesNotContain("!!").doesNotContain("blocked by the DNSSEC failure");
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(check("fine.test", "--format", "json").out());
        assertThat(json.has("dnssecOutage")).isFalse();
    }
}
