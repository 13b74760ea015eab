package dev.mailward.checks.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.testnet.LabDns;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The dkim check over loopback DNS (TestDnsServer + DnsClient) with keys generated at test time. */
class DkimCheckTests {

    private static LabDns lab;

    static String rsaKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return Base64.getEncoder()
                .encodeToString(g.generateKeyPair().getPublic().getEncoded());
    }

    static String ed25519Key() throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair()
                .getPublic()
                .getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    /** A TXT rdata of 255-octet quoted strings, as a zone file writes long records. */
    static String quoted(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i += 255) {
            sb.append('"').append(value, i, Math.min(value.length(), i + 255)).append("\" ");
        }
        return sb.toString();
    }

    static String zone(String origin, String body) {
        return "$ORIGIN " + origin + ".\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n" + body;
    }

    @BeforeAll
    static void startDns() throws Exception {
        String k2048 = rsaKey(2048);
        String k1024 = rsaKey(1024);
        String k512 = rsaKey(512);
        String hostile = "v=DKIM1; k=rsa; n=<script>alert(1)</script>; p=" + "<b>".repeat(1300);
        lab = new LabDns(
                zone(
                        "good.test",
                        "default._domainkey 300 IN TXT " + quoted("v=DKIM1; k=rsa; p=" + k2048) + "\n"
                                + "k2._domainkey 300 IN TXT " + quoted("v=DKIM1; k=ed25519; p=" + ed25519Key()) + "\n"),
                zone(
                        "weak.test",
                        "mysel._domainkey 300 IN TXT " + quoted("v=DKIM1; p=" + k1024) + "\n"
                                + "s1._domainkey 300 IN TXT " + quoted("k=rsa; p=" + k512) + "\n"
                                + "mail._domainkey 300 IN TXT " + quoted("v=DKIM1; t=y; h=sha1; p=" + k2048) + "\n"),
                zone("none.test", "@ 300 IN TXT \"v=spf1 mx -all\"\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.25\n"),
                zone("sendsnothing.test", "@ 300 IN TXT \"v=spf1 -all\"\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.25\n"),
                zone("nullmx.test", "@ 300 IN MX 0 .\n@ 300 IN TXT \"v=spf1 ip4:192.0.2.7 -all\"\n"),
                zone(
                        "nullmxsigned.test",
                        "@ 300 IN MX 0 .\n" + "default._domainkey 300 IN TXT " + quoted("v=DKIM1; k=rsa; p=" + k2048)
                                + "\n"),
                zone(
                        "edonly.test",
                        "k2._domainkey 300 IN TXT " + quoted("v=DKIM1; k=ed25519; p=" + ed25519Key()) + "\n"),
                zone(
                        "edweak.test",
                        "k2._domainkey 300 IN TXT " + quoted("v=DKIM1; k=ed25519; p=" + ed25519Key()) + "\n"
                                + "s1._domainkey 300 IN TXT " + quoted("k=rsa; p=" + k512) + "\n"),
                zone("revoked.test", "default._domainkey 300 IN TXT \"v=DKIM1; k=rsa; p=\"\n"),
                zone(
                        "rotated.test",
                        "default._domainkey 300 IN TXT \"v=DKIM1; k=rsa; p=\"\n" + "selector2._domainkey 300 IN TXT "
                                + quoted("v=DKIM1; p=" + k2048) + "\n"),
                zone("broken.test", "@ 300 IN TXT \"x\"\n"),
                zone("wild.test", "*._domainkey 300 IN TXT \"v=spf1 -all\"\n"),
                zone("hostile.test", "evil._domainkey 300 IN TXT " + quoted(hostile) + "\n"));
        lab.server().servfail("configured._domainkey.broken.test");
        lab.server().servfail("google._domainkey.broken.test");
    }

    @AfterAll
    static void stopDns() {
        lab.close();
    }

    private List<CheckResult> run(String domain, String... selectors) {
        CheckOptions options = CheckOptions.defaults().withDkimSelectors(List.of(selectors));
        return new DkimCheck()
                .run(new CheckContext(
                        domain, lab.client(), options, Instant.now().plusSeconds(10)));
    }

    private static Map<String, CheckResult> byTarget(List<CheckResult> results) {
        return results.stream().collect(Collectors.toMap(CheckResult::target, r -> r));
    }

    private static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    @Test
    void passesStrongRsaAndEd25519KeysAtCommonSelectors() {
        Map<String, CheckResult> results = byTarget(run("good.test"));
        assertThat(results).containsOnlyKeys("default._domainkey.good.test", "k2._domainkey.good.test");
        CheckResult rsa = results.get("default._domainkey.good.test");
        assertThat(rsa.status()).isEqualTo(Status.PASS);
        assertThat(rsa.check()).isEqualTo("dkim");
        assertThat(rsa.findings().getFirst().message()).contains("2048-bit RSA key");
        assertThat(rsa.findings().getFirst().mitigation()).isEqualTo("spf-dkim");
        assertThat(codes(results.get("k2._domainkey.good.test"))).containsExactly("DKIM_KEY_ED25519");
    }

    @Test
    void judgesShortWeakTestingAndSha1OnlyKeys() {
        Map<String, CheckResult> results = byTarget(run("weak.test", "MySel"));
        assertThat(results.get("mysel._domainkey.weak.test").status()).isEqualTo(Status.WARN);
        assertThat(codes(results.get("mysel._domainkey.weak.test"))).containsExactly("DKIM_KEY_RSA_SHORT");
        assertThat(results.get("s1._domainkey.weak.test").status()).isEqualTo(Status.FAIL);
        assertThat(results.get("s1._domainkey.weak.test").findings().getFirst().message())
                .contains("512-bit");
        CheckResult mail = results.get("mail._domainkey.weak.test");
        assertThat(mail.status()).isEqualTo(Status.FAIL);
        assertThat(codes(mail)).containsExactlyInAnyOrder("DKIM_SHA1_ONLY", "DKIM_TESTING_MODE", "DKIM_KEY_RSA_STRONG");
    }

    @Test
    void warnsWithTheSelectorsTriedWhenNoKeyIsFound() {
        List<CheckResult> results = run("none.test");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("_domainkey.none.test");
            assertThat(r.status()).isEqualTo(Status.WARN);
            assertThat(codes(r)).containsExactly("DKIM_NO_SELECTOR_FOUND");
            assertThat(r.findings().getFirst().message()).contains("default", "selector1", "google", "key1");
        });
    }

    @Test
    void aDomainWhoseSpfIsMinusAllAloneIsNotWarnedForMissingKeys() {
        List<CheckResult> results = run("sendsnothing.test");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("_domainkey.sendsnothing.test");
            assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
            assertThat(codes(r)).containsExactly("DKIM_NO_MAIL");
            assertThat(r.findings().getFirst().message())
                    .contains("the domain sends no mail")
                    .contains("v=spf1 -all");
        });
    }

    @Test
    void whatTheDomainDeclaresAboutItsMailIsAskedOncePerDomainRun() {
        CheckContext run = new CheckContext(
                "sendsnothing.test",
                lab.client(),
                CheckOptions.defaults(),
                Instant.now().plusSeconds(10));
        int before = lab.server().queryCount("sendsnothing.test", Type.MX);
        DkimObservation first = new DkimCheck().observe(run);
        DkimObservation second = new DkimCheck().observe(run);
        assertThat(lab.server().queryCount("sendsnothing.test", Type.MX) - before)
                .isEqualTo(1);
        assertThat(second.mailUse()).isEqualTo(first.mailUse()).isPresent();
    }

    @Test
    void aNullMxDomainIsNotWarnedForMissingKeysButItsPublishedKeysAreStillJudged() {
        List<CheckResult> results = run("nullmx.test");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
            assertThat(codes(r)).containsExactly("DKIM_NO_MAIL");
            assertThat(r.findings().getFirst().message()).contains("the domain accepts no mail (null MX)");
        });
        Map<String, CheckResult> signed = byTarget(run("nullmxsigned.test"));
        assertThat(signed).containsOnlyKeys("default._domainkey.nullmxsigned.test");
        assertThat(codes(signed.get("default._domainkey.nullmxsigned.test"))).containsExactly("DKIM_KEY_RSA_STRONG");
    }

    @Test
    void aConfiguredSelectorWithoutKeyIsStillAWarningOnADomainThatSendsNoMail() {
        Map<String, CheckResult> results = byTarget(run("sendsnothing.test", "ours"));
        assertThat(codes(results.get("ours._domainkey.sendsnothing.test"))).containsExactly("DKIM_SELECTOR_MISSING");
        assertThat(codes(results.get("_domainkey.sendsnothing.test"))).containsExactly("DKIM_NO_MAIL");
    }

    @Test
    void anEd25519KeyWithoutAnRsaKeyBesideItIsAWarningThatSaysWhy() {
        CheckResult alone = byTarget(run("edonly.test")).get("k2._domainkey.edonly.test");
        assertThat(alone.status()).isEqualTo(Status.WARN);
        assertThat(codes(alone)).containsExactly("DKIM_KEY_ED25519");
        assertThat(alone.findings().getFirst().message())
                .contains("publish an RSA key beside it; many receivers do not verify Ed25519 signatures yet");
        // a 512-bit RSA key is no RSA key a receiver verifies (RFC 8301)
        CheckResult besideWeak = byTarget(run("edweak.test")).get("k2._domainkey.edweak.test");
        assertThat(besideWeak.status()).isEqualTo(Status.WARN);
        CheckResult besideStrong = byTarget(run("good.test")).get("k2._domainkey.good.test");
        assertThat(besideStrong.status()).isEqualTo(Status.PASS);
        assertThat(besideStrong.findings().getFirst().message()).contains("beside an RSA key");
    }

    @Test
    void wildcardTxtIsNotMistakenForAKey() {
        List<CheckResult> results = run("wild.test");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.WARN);
            assertThat(codes(r)).containsExactly("DKIM_NO_SELECTOR_FOUND");
        });
    }

    @Test
    void revokedKeyAloneIsAWarningButFineBesideALiveKey() {
        CheckResult alone = byTarget(run("revoked.test")).get("default._domainkey.revoked.test");
        assertThat(alone.status()).isEqualTo(Status.WARN);
        assertThat(codes(alone)).containsExactly("DKIM_KEY_REVOKED");
        Map<String, CheckResult> rotated = byTarget(run("rotated.test"));
        assertThat(rotated.get("default._domainkey.rotated.test").status()).isEqualTo(Status.PASS);
        assertThat(rotated.get("selector2._domainkey.rotated.test").status()).isEqualTo(Status.PASS);
    }

    @Test
    void dnsFailuresAreErrorsNeverAbsence() {
        Map<String, CheckResult> results = byTarget(run("broken.test", "configured"));
        CheckResult configured = results.get("configured._domainkey.broken.test");
        assertThat(configured.status()).isEqualTo(Status.ERROR);
        assertThat(configured.findings().getFirst().message())
                .contains("the DNS server reported a server failure")
                .doesNotContain("SERVFAIL");
        CheckResult domain = results.get("_domainkey.broken.test");
        assertThat(domain.status()).isEqualTo(Status.ERROR);
        assertThat(domain.findings()).extracting(Finding::code).contains("DKIM_DNS_ERROR", "DKIM_NO_SELECTOR_FOUND");
        assertThat(domain.findings())
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("google"));
    }

    @Test
    void configuredSelectorWithoutRecordIsAWarning() {
        CheckResult r = byTarget(run("good.test", "missing")).get("missing._domainkey.good.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r)).containsExactly("DKIM_SELECTOR_MISSING");
    }

    @Test
    void invalidConfiguredSelectorIsNotQueried() {
        List<CheckResult> results = run("good.test", "bad selector/..");
        CheckResult domain = byTarget(results).get("_domainkey.good.test");
        assertThat(domain.findings()).extracting(Finding::code).containsExactly("DKIM_SELECTOR_INVALID");
        assertThat(domain.findings().getFirst().message()).contains("'bad selector/..'");
    }

    @Test
    void hostileFourKibRecordFailsAndIsKeptVerbatimAsEvidence() {
        CheckResult r = byTarget(run("hostile.test", "evil")).get("evil._domainkey.hostile.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).containsExactly("DKIM_RECORD_INVALID");
        assertThat(r.findings().getFirst().message()).contains("p=");
        @SuppressWarnings("unchecked")
        List<String> records = (List<String>) r.evidence().details().get("records");
        assertThat(records).singleElement().satisfies(t -> {
            assertThat(t).hasSizeGreaterThan(3900).contains("n=<script>alert(1)</script>;");
        });
        assertThat(r.evidence().dns())
                .singleElement()
                .satisfies(d -> assertThat(d.records()).isNotEmpty());
    }
}
