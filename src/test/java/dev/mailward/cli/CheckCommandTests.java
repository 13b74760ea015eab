package dev.mailward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.testdns.TestDnsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CheckCommandTests {

    static TestDnsServer server;

    @BeforeAll
    static void start() {
        server = TestDnsServer.builder().zone("""
                $ORIGIN cli.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                good IN MX 10 mx.good
                mx.good IN A 192.0.2.1
                mx.good IN AAAA 2001:db8::1
                broken IN MX 10 nowhere.broken
                nomail IN MX 0 .
                done IN MX 10 mx.good
                done IN TXT "v=spf1 mx -all"
                _dmarc.done IN TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@done.cli.test"
                weak IN MX 10 mx.good
                weak IN TXT "v=spf1 mx -all"
                _dmarc.weak IN TXT "v=DMARC1; p=none; rua=mailto:reports@weak.cli.test"
                """).zone("""
                $ORIGIN 2.0.192.in-addr.arpa.
                $TTL 300
                @ IN SOA ns1.cli.test. hostmaster.cli.test. 1 3600 600 86400 300
                1 IN PTR mx.good.cli.test.
                """).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int status, String out, String err) {}

    /** Runs {@code java -jar mailward.jar check ...}; {@code args[0]} is the word {@code check}. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CheckCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(Arrays.asList(args).subList(1, args.length));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    String resolver() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void printsJsonInTheSharedResultsFormatAndExitsOneOnFail() {
        Run r = run(
                "check", "broken.cli.test", "--resolver", resolver(), "--dnssec-mode", "trust-ad", "--format", "json");
        assertThat(r.status()).isEqualTo(CheckCommand.FAILED);
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("domain").asString()).isEqualTo("broken.cli.test");
        assertThat(json.get("checkedAt").asString()).isNotBlank();
        JsonNode mx = null;
        for (JsonNode result : json.get("results")) {
            assertThat(result.has("check") && result.has("target") && result.has("status") && result.has("findings"))
                    .isTrue();
            if (result.get("check").asString().equals("mx")) {
                mx = result;
            }
        }
        assertThat(mx).isNotNull();
        assertThat(mx.get("status").asString()).isEqualTo("FAIL");
        JsonNode finding = mx.get("findings").get(0);
        assertThat(finding.get("code").asString()).isEqualTo("MX_TARGET_NO_ADDRESS");
        assertThat(finding.get("mitigation").asString()).isEqualTo("reputation");
        assertThat(finding.get("message").asString()).contains("nowhere.broken.cli.test");
    }

    @Test
    void theTextReportCarriesTheGeneratedFixesOfTheChecksThatFailed() {
        Run r = run("check", "good.cli.test", "--resolver", resolver(), "--dnssec-mode", "trust-ad");
        String out = r.out();
        assertThat(out)
                .contains("Generated from what was observed; check before publishing:")
                .contains("good.cli.test. 3600 IN TXT \"v=spf1 mx -all\"")
                .contains("mx: mx.good.cli.test")
                .contains("_mta-sts.good.cli.test. 3600 IN TXT \"v=STSv1; id=")
                .contains("Roll-out steps: the guide of each mitigation")
                // DMARC could not be determined here (the walk up to _dmarc.test is refused): ERROR gets no fix
                .contains("ERROR  dmarc")
                .doesNotContain("DMARC record for");
        // the fixes come before the summary, which stays the last two lines
        assertThat(out.indexOf("Generated from what was observed")).isLessThan(out.indexOf("Summary: "));
        assertThat(out.strip().lines().toList().getLast()).startsWith("Overall: ");

        Run weak = run("check", "weak.cli.test", "--resolver", resolver(), "--dnssec-mode", "trust-ad");
        assertThat(weak.out())
                .contains("FAIL   dmarc")
                .contains(
                        "_dmarc.weak.cli.test. 3600 IN TXT \"v=DMARC1; p=reject; sp=reject; rua=mailto:reports@weak.cli.test\"")
                .contains("Why: p=reject makes receivers refuse mail that fails DMARC")
                .doesNotContain("SPF record for");

        Run nullMx = run("check", "nomail.cli.test", "--resolver", resolver(), "--dnssec-mode", "trust-ad");
        assertThat(nullMx.out())
                .contains("nomail.cli.test. 3600 IN TXT \"v=spf1 -all\"")
                .doesNotContain("mx: ")
                .doesNotContain("p=reject makes receivers refuse"); // a domain that sends no mail loses nothing
    }

    @Test
    void checksThatPassGetNoFix() {
        Run r = run("check", "done.cli.test", "--resolver", resolver(), "--dnssec-mode", "trust-ad");
        assertThat(r.out())
                .contains("PASS   spf")
                .contains("PASS   dmarc")
                .doesNotContain("SPF record for")
                .doesNotContain("DMARC record for")
                .contains("MTA-STS");
    }

    @Test
    void printsAReadableTextReport() {
        Run r = run("check", "good.cli.test", "--resolver", resolver(), "--dnssec-mode", "trust-ad");
        assertThat(r.out())
                .contains("Mailward check of good.cli.test")
                .contains("mx")
                .contains("MX_OK")
                .contains("Summary:");
        assertThat(r.out()
                        .lines()
                        .filter(l -> l.startsWith("Summary: "))
                        .findFirst()
                        .orElseThrow())
                .matches("Summary: \\d+ FAIL  \\d+ ERROR  \\d+ WARN  \\d+ PASS  \\d+ NOT_APPLICABLE");
    }

    @Test
    void rejectsUsageErrorsWithExitTwoAndNamesTheProblem() {
        assertThat(run("check").status()).isEqualTo(CheckCommand.USAGE);
        Run bad = run("check", "example.org", "--format", "xml");
        assertThat(bad.status()).isEqualTo(CheckCommand.USAGE);
        assertThat(bad.err()).contains("--format must be text, json or jsonl, not 'xml'");
        Run name = run("check", "exa mple.org", "--resolver", resolver());
        assertThat(name.status()).isEqualTo(CheckCommand.USAGE);
        assertThat(name.err()).contains("illegal character U+0020 SPACE at position 4");
        Run opt = run("check", "example.org", "--bogus");
        assertThat(opt.err()).contains("unknown option '--bogus'");
        Run res = run("check", "example.org", "--resolver", "dns.example:53");
        assertThat(res.status()).isEqualTo(CheckCommand.USAGE);
        assertThat(res.err()).contains("give an IP address");
    }

    @Test
    void bulkModeStreamsOneJsonLinePerDomainWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# domains to check");
        for (int i = 0; i < 40; i++) {
            lines.add("d" + i + ".cli.test");
        }
        lines.add("");
        lines.add("not a domain");
        lines.add("good.cli.test");
        Path file = dir.resolve("domains.txt");
        Files.write(file, lines);
        Run r = run(
                "check",
                "--domains-file",
                file.toString(),
                "--concurrency",
                "8",
                "--resolver",
                resolver(),
                "--dnssec-mode",
                "trust-ad");
        List<String> out = r.out().lines().toList();
        assertThat(out).hasSize(41);
        Set<String> domains = new HashSet<>();
        JsonMapper mapper = JsonMapper.builder().build();
        for (String line : out) {
            domains.add(mapper.readTree(line).get("domain").asString());
        }
        assertThat(domains).hasSize(41).contains("d0.cli.test", "d39.cli.test", "good.cli.test");
        assertThat(r.err()).contains("line 43").contains("single-label name");
        assertThat(r.status()).isEqualTo(CheckCommand.FAILED);
    }

    @Test
    void stripsTerminalControlCharactersFromOutsideData() {
        assertThat(TextReport.clean("ok\u001b[31mred")).isEqualTo("ok\\x1b[31mred");
    }
}
