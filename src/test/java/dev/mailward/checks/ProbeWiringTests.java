package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.dane.DaneCheck;
import dev.mailward.cli.CheckCommand;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import dev.mailward.probe.testservers.ServerTls;
import dev.mailward.probe.testservers.TestCerts;
import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mail server probes wired end to end over loopback: a signed test zone (local DNSSEC
 * validation from a test trust anchor) with MX, TLSA and SRV records pointing at scripted SMTP
 * and IMAP servers on ephemeral ports, run through {@link CheckRunner} and through the CLI.
 * All MX hosts resolve to 127.0.0.1 and share one SMTP server, so the cycle's prober observes it
 * once and every domain is judged from that observation.
 */
class ProbeWiringTests {

    static final TestCerts.Issued LEAF = Probing.CA.leaf(TestCerts.ec(), "mx.good.example.test");
    static final TestCerts.Issued OTHER = Probing.CA.leaf(TestCerts.ec(), "mx.good.example.test");

    static ScriptedServer smtp;
    static ScriptedServer submission;
    static ScriptedServer imap;
    static TestDnsServer dnsServer;
    static DnsClient dns;
    static Path anchors;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        ServerTls tls = ServerTls.modern(LEAF);
        smtp = new ScriptedServer(MailServers.Smtp.hardened(tls).script());
        submission = new ScriptedServer(MailServers.Smtp.hardened(tls).script());
        imap = new ScriptedServer(MailServers.Imap.hardened(tls).script());
        String leaf311 = spkiSha256(LEAF.leaf().getPublicKey().getEncoded());
        String ca211 = spkiSha256(Probing.CA.ca().getPublicKey().getEncoded());
        String other311 = spkiSha256(OTHER.leaf().getPublicKey().getEncoded());
        SignedZones chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signed("example.test.", """
                        $ORIGIN example.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.53
                        good IN MX 10 mx.good
                        mx.good IN A 127.0.0.1
                        _25._tcp.mx.good IN TLSA 3 1 1 %1$s
                        _25._tcp.mx.good IN TLSA 2 1 1 %2$s
                        _submission._tcp.good IN SRV 0 1 %4$d mx.good
                        _imap._tcp.good IN SRV 0 1 %5$d mx.good
                        _pop3._tcp.good IN SRV 0 0 0 .
                        wrong IN MX 10 mx.wrong
                        mx.wrong IN A 127.0.0.1
                        _25._tcp.mx.wrong IN TLSA 3 1 1 %3$s
                        _25._tcp.mx.wrong IN TLSA 3 1 2 %3$s
                        single IN MX 10 mx.single
                        mx.single IN A 127.0.0.1
                        _25._tcp.mx.single IN TLSA 3 1 1 %1$s
                        ta IN MX 10 mx.ta
                        mx.ta IN A 127.0.0.1
                        _25._tcp.mx.ta IN TLSA 2 1 1 %2$s
                        _25._tcp.mx.ta IN TLSA 3 1 1 %3$s
                        pkix IN MX 10 mx.pkix
                        mx.pkix IN A 127.0.0.1
                        _25._tcp.mx.pkix IN TLSA 1 1 1 %1$s
                        _25._tcp.mx.pkix IN TLSA 3 1 1 %1$s
                        none IN MX 10 mx.none
                        mx.none IN A 127.0.0.1
                        bogus IN MX 10 mx.bogus
                        mx.bogus IN A 127.0.0.1
                        _25._tcp.mx.bogus IN TLSA 3 1 1 %1$s
                        broken IN MX 10 mx.broken
                        mx.broken IN A 127.0.0.1
                        _25._tcp.mx.broken IN TLSA 3 1 1 %1$s
                        nullmx IN MX 0 .
                        nat64 IN MX 10 mx.nat64
                        mx.nat64 IN AAAA 64:ff9b::10.0.0.5
                        _submissions._tcp.nat64 IN SRV 0 1 465 mx.nat64
                        _imap._tcp.nat64 IN SRV 0 1 143 mx.nat64
                        """.formatted(leaf311, ca211, other311, submission.port(), imap.port()))
                .unsigned("plain.test.", """
                        $ORIGIN plain.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.54
                        @ IN MX 10 mx
                        mx IN A 127.0.0.1
                        _25._tcp.mx IN TLSA 3 1 1 %1$s
                        """.formatted(leaf311))
                .build();
        dnsServer = TestDnsServer.builder().zones(chain).start();
        dnsServer.bogus("_25._tcp.mx.bogus.example.test", Type.TLSA);
        dnsServer.servfail("_25._tcp.mx.broken.example.test", Type.TLSA);
        anchors = dir.resolve("anchors.txt");
        Files.writeString(anchors, chain.trustAnchor());
        dns = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(dnsServer.address()))
                .withTrustAnchors(anchors)
                .withTimeout(Duration.ofMillis(500), 1));
    }

    @AfterAll
    static void stop() {
        dns.close();
        dnsServer.close();
        smtp.close();
        submission.close();
        imap.close();
    }

    static String spkiSha256(byte[] spki) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    /** One cycle: one prober and one DomainProbes shared by every domain of the test class. */
    static DomainProbes probes;

    static synchronized DomainProbes probes() {
        if (probes == null) {
            probes = new DomainProbes(Probing.prober(), smtp.port(), 443);
        }
        return probes;
    }

    static Map<String, CheckResult> run(String domain) {
        DomainProbes p = probes();
        try (CheckRunner runner = new CheckRunner(CheckRegistry.withProbes(p), dns, 8)) {
            DomainReport report = runner.run(
                    domain, Probing.options().withCheckTimeout(Duration.ofSeconds(10)), List.of(p, new DaneCheck(p)));
            return report.results().stream().collect(Collectors.toMap(r -> r.check() + " " + r.target(), r -> r));
        }
    }

    static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    @Test
    void endpointAndDaneObservationsAreStoredAndJudgedAgainToTheSameResultsWithoutTheNetwork() {
        DomainProbes p = probes();
        List<Check<?>> families = List.of(p, new DaneCheck(p));
        try (CheckRunner runner = new CheckRunner(CheckRegistry.withProbes(p), dns, 8)) {
            for (String domain : List.of("good.example.test", "wrong.example.test", "nullmx.example.test")) {
                DomainObservation observed =
                        runner.observe(domain, Probing.options().withCheckTimeout(Duration.ofSeconds(10)), families);
                ObservationJson json = new ObservationJson(families);

                DomainObservation stored = json.decode(json.encode(observed));

                assertThat(stored.observation("endpoints", EndpointsObservation.class))
                        .as(domain)
                        .isPresent();
                assertThat(stored.observation("dane", dev.mailward.checks.dane.DaneObservation.class))
                        .as(domain)
                        .isPresent();
                assertThat(CheckRunner.judge(stored, families).results())
                        .as(domain)
                        .isEqualTo(CheckRunner.judge(observed, families).results());
            }
        }
    }

    @Test
    void endpointObservationsStoredBeforeTheRandomLocalPartWasAskedAboutStillDecodeAndJudge() {
        DomainProbes p = probes();
        List<Check<?>> families = List.of(p, new DaneCheck(p));
        try (CheckRunner runner = new CheckRunner(CheckRegistry.withProbes(p), dns, 8)) {
            DomainObservation observed = runner.observe(
                    "good.example.test", Probing.options().withCheckTimeout(Duration.ofSeconds(10)), families);
            ObservationJson json = new ObservationJson(families);
            JsonNode tree = json.tree(observed);
            assertThat(tree.toString()).contains("\"unknownLocalPart\"", "\"VRFY_UNKNOWN\"", "\"chainCause\"");
            // the shape an older scan stored: one VRFY and one EXPN about postmaster, no cause of the chain
            olderShape(tree, null);
            assertThat(tree.toString()).doesNotContain("unknownLocalPart", "VRFY_UNKNOWN", "chainCause");

            CheckResult vrfy = vrfyOf(CheckRunner.judge(json.decode(tree), families));
            assertThat(vrfy.status()).as(vrfy.findings().toString()).isEqualTo(Status.PASS);
            assertThat(vrfy.findings().getFirst().message()).contains("refused", "502");

            // an older scan's 252 for postmaster alone shows nothing either way: not a PASS
            olderShape(tree, "252");
            CheckResult undetermined = vrfyOf(CheckRunner.judge(json.decode(tree), families));
            assertThat(undetermined.status()).isEqualTo(Status.ERROR);
            assertThat(codes(undetermined)).containsExactly("SMTP_VRFY_NOT_TESTABLE");
            assertThat(undetermined.findings().getFirst().message()).contains("252", "older");
        }
    }

    /** Removes what older scans did not store; {@code vrfyStatus} rewrites the stored VRFY reply. */
    private static void olderShape(JsonNode node, String vrfyStatus) {
        if (node instanceof tools.jackson.databind.node.ObjectNode o) {
            o.remove(List.of("unknownLocalPart", "chainCause", "VRFY_UNKNOWN", "EXPN_UNKNOWN"));
            if (vrfyStatus != null && o.get("VRFY") instanceof tools.jackson.databind.node.ObjectNode reply) {
                reply.put("status", vrfyStatus);
                reply.putArray("lines").add(vrfyStatus + " 2.0.0 postmaster");
            }
        }
        node.forEach(child -> olderShape(child, vrfyStatus));
    }

    private static CheckResult vrfyOf(DomainReport report) {
        return report.results().stream()
                .filter(r -> r.check().equals("vrfy"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void probesMxAndSrvEndpointsAndPassesDaneWithCurrentAndIssuerRecords() {
        Map<String, CheckResult> r = run("good.example.test");
        String mx = "mx.good.example.test:" + smtp.port();
        String sub = "mx.good.example.test:" + submission.port();
        String imapTarget = "mx.good.example.test:" + imap.port();
        assertThat(r.get("starttls " + mx).status()).isEqualTo(Status.PASS);
        assertThat(r.get("starttls " + sub).status()).isEqualTo(Status.PASS);
        assertThat(r.get("starttls " + imapTarget).status()).isEqualTo(Status.PASS);
        assertThat(r.get("certificate " + mx).evidence().certificates().getFirst())
                .containsKeys("pem", "sha256", "spkiSha256");
        CheckResult endpoints = r.get("endpoints good.example.test");
        assertThat(endpoints.findings()).extracting(Finding::message).anyMatch(m -> m.contains("3 endpoints probed"));
        assertThat(codes(endpoints)).contains("PROBE_SRV_NOT_OFFERED");
        CheckResult dane = r.get("dane mx.good.example.test");
        assertThat(dane.status()).as(Probing.describe(dane)).isEqualTo(Status.PASS);
        assertThat(codes(dane)).containsExactly("DANE_MATCH");
        assertThat(dane.findings().getFirst().message()).contains("3 1 1").contains("end-entity");
        assertThat((List<?>) dane.evidence().details().get("suggestedTlsa"))
                .hasSize(2)
                .first()
                .asString()
                .startsWith("_25._tcp.mx.good.example.test. IN TLSA 3 1 1 ");
    }

    @Test
    void failsWhenNoUsableRecordMatchesAndOffersTheCorrectSet() throws Exception {
        CheckResult dane = run("wrong.example.test").get("dane mx.wrong.example.test");
        assertThat(dane.status()).isEqualTo(Status.FAIL);
        assertThat(codes(dane)).contains("DANE_NO_MATCH", "DANE_RECORD_UNUSABLE");
        assertThat(dane.findings().getFirst().message())
                .contains("3 1 1 " + spkiSha256(LEAF.leaf().getPublicKey().getEncoded()));
    }

    @Test
    void warnsWhenASingleRecordLeavesNoRoomForRollover() {
        CheckResult dane = run("single.example.test").get("dane mx.single.example.test");
        assertThat(dane.status()).isEqualTo(Status.WARN);
        assertThat(codes(dane)).containsExactlyInAnyOrder("DANE_NO_ROLLOVER", "DANE_MATCH");
    }

    @Test
    void daneTaRequiresTheCertificateToNameTheMxAndMakesTheNameCheckStrict() {
        Map<String, CheckResult> r = run("ta.example.test");
        CheckResult dane = r.get("dane mx.ta.example.test");
        assertThat(dane.status()).isEqualTo(Status.FAIL);
        assertThat(codes(dane)).contains("DANE_TA_NAME_MISMATCH");
        CheckResult cert = r.get("certificate mx.ta.example.test:" + smtp.port());
        assertThat(codes(cert)).contains("CERT_NAME_MISMATCH");
        assertThat(cert.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void warnsAboutPkixUsagesWhichSmtpIgnores() {
        CheckResult dane = run("pkix.example.test").get("dane mx.pkix.example.test");
        assertThat(codes(dane)).contains("DANE_USAGE_PKIX_IGNORED", "DANE_MATCH", "DANE_NO_ROLLOVER");
        assertThat(dane.status()).isEqualTo(Status.WARN);
    }

    @Test
    void suggestsDeploymentOnASignedZoneWithoutTlsa() {
        CheckResult dane = run("none.example.test").get("dane mx.none.example.test");
        assertThat(dane.status()).isEqualTo(Status.WARN);
        assertThat(codes(dane)).containsExactly("DANE_NOT_DEPLOYED");
        assertThat(dane.evidence().details()).containsKey("suggestedTlsa");
    }

    @Test
    void ignoresInsecureTlsaWithAWarning() {
        CheckResult dane = run("plain.test").get("dane mx.plain.test");
        assertThat(dane.status()).isEqualTo(Status.WARN);
        assertThat(codes(dane)).containsExactly("DANE_TLSA_INSECURE");
    }

    @Test
    void failsBogusTlsaAndReportsALookupErrorAsErrorNotAbsence() {
        assertThat(codes(run("bogus.example.test").get("dane mx.bogus.example.test")))
                .containsExactly("DANE_TLSA_BOGUS");
        CheckResult broken = run("broken.example.test").get("dane mx.broken.example.test");
        assertThat(broken.status()).isEqualTo(Status.ERROR);
        assertThat(codes(broken)).containsExactly("DANE_TLSA_LOOKUP_FAILED");
    }

    @Test
    void nullMxMakesMxProbesAndDaneNotApplicable() {
        Map<String, CheckResult> r = run("nullmx.example.test");
        assertThat(r.get("endpoints nullmx.example.test").status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(codes(r.get("endpoints nullmx.example.test"))).contains("PROBE_NULL_MX");
        assertThat(r.get("dane nullmx.example.test").status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(r.keySet()).noneMatch(k -> k.startsWith("starttls"));
    }

    @Test
    void sharedMxHostIsObservedOnceAcrossDomainsOfTheCycle() {
        run("single.example.test");
        int before = smtp.connections();
        run("pkix.example.test");
        assertThat(smtp.connections()).isEqualTo(before);
    }

    @Test
    void warnsInTheBannerResultWhenTheGreetingNameDiffersFromThePtrName() {
        try (TestDnsServer plain = TestDnsServer.builder().zone("""
                        $ORIGIN ptr.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN MX 10 mx
                        mx IN A 127.0.0.1
                        """).zone("""
                        $ORIGIN 127.in-addr.arpa.
                        $TTL 300
                        @ IN SOA ns1.ptr.test. hostmaster.ptr.test. 1 3600 600 86400 300
                        1.0.0 IN PTR smtp.elsewhere.test.
                        """).start();
                CheckFixture fixture = new CheckFixture(plain, Probing.options())) {
            DomainProbes p = new DomainProbes(Probing.prober(), smtp.port(), 443);
            Map<String, CheckResult> r = fixture.run(p, "ptr.test").stream()
                    .collect(Collectors.toMap(x -> x.check() + " " + x.target(), x -> x));
            CheckResult banner = r.get("banner mx.ptr.test:" + smtp.port());
            assertThat(codes(banner)).contains("PTR_EHLO_MISMATCH");
            assertThat(banner.status()).isEqualTo(Status.WARN);
            assertThat(banner.findings().getFirst().message())
                    .contains("'mx.test'")
                    .contains("smtp.elsewhere.test");
        }
    }

    @Test
    void endpointsWhoseAaaaCarriesAnInternalIpv4ThroughNat64AreNeverContactedNorPassed() {
        Map<String, CheckResult> r = run("nat64.example.test");
        List<CheckResult> endpoints = r.values().stream()
                .filter(c -> c.target().startsWith("mx.nat64.example.test:"))
                .toList();

        assertThat(endpoints)
                .extracting(c -> c.check() + " " + c.target())
                .contains(
                        "auth-before-tls mx.nat64.example.test:465",
                        "implicit-tls mx.nat64.example.test:465",
                        "starttls mx.nat64.example.test:" + smtp.port(),
                        "open-relay mx.nat64.example.test:" + smtp.port(),
                        "auth-before-tls mx.nat64.example.test:143",
                        "certificate mx.nat64.example.test:143");
        assertThat(endpoints).allSatisfy(c -> {
            assertThat(c.status())
                    .as(c.check() + " " + c.target() + " " + c.findings())
                    .isEqualTo(Status.ERROR);
            assertThat(c.findings().getFirst().message())
                    .contains(
                            "target policy",
                            "NAT64 address (RFC 6052) carrying 10.0.0.5",
                            "private (RFC 1918)",
                            "mailward.checks.allow-targets");
        });
        assertThat(r.get("dane mx.nat64.example.test").status()).isNotEqualTo(Status.PASS);
    }

    @Test
    void cliProbesAndPrintsPerEndpointResultsWithTranscriptAndCertificates() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String extra = "127.0.0.1:" + smtp.port() + "/smtp";
        int exit = new CheckCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(
                        "good.example.test",
                        "--resolver",
                        "127.0.0.1:" + dnsServer.port(),
                        "--trust-anchors",
                        anchors.toString(),
                        "--allow-targets",
                        "127.0.0.0/8",
                        "--ca",
                        Probing.CA_BUNDLE.toString(),
                        "--endpoint",
                        extra,
                        "--timeout",
                        "15",
                        "--format",
                        "json"));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isIn(CheckCommand.OK, CheckCommand.FAILED);
        JsonNode json = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        Optional<JsonNode> starttls = find(json, "starttls", "127.0.0.1:" + smtp.port());
        assertThat(starttls).isPresent();
        assertThat(starttls.get().get("status").asString()).isEqualTo("PASS");
        assertThat(starttls.get().get("evidence").get("transcript").toString()).contains("STARTTLS");
        JsonNode cert = find(json, "certificate", "127.0.0.1:" + smtp.port()).orElseThrow();
        JsonNode first = cert.get("evidence").get("certificates").get(0);
        assertThat(first.get("pem").asString()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(first.get("sha256").asString()).hasSize(64);
        assertThat(find(json, "starttls", "mx.good.example.test:" + submission.port()))
                .isPresent();
        // the MX itself is on port 25 in production; nothing listens there in the test, which is ERROR
        assertThat(find(json, "starttls", "mx.good.example.test:25")
                        .orElseThrow()
                        .get("status")
                        .asString())
                .isEqualTo("ERROR");
        assertThat(find(json, "dane", "mx.good.example.test")).isPresent();
    }

    static Optional<JsonNode> find(JsonNode report, String check, String target) {
        for (JsonNode r : report.get("results")) {
            if (r.get("check").asString().equals(check)
                    && r.get("target").asString().equals(target)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
