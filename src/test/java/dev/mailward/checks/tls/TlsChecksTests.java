package dev.mailward.checks.tls;

import static dev.mailward.probe.testservers.Probing.describe;
import static dev.mailward.probe.testservers.Probing.probe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ServerTls;
import dev.mailward.probe.testservers.TestCerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;

class TlsChecksTests {

    private static Map<String, CheckResult> smtp(ServerTls tls, Protocol protocol) {
        var server = MailServers.Smtp.hardened(tls);
        return probe(protocol.implicitTls() ? server.implicit().script() : server.script(), protocol);
    }

    private static Finding finding(CheckResult r, String code) {
        return r.findings().stream()
                .filter(f -> f.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + describe(r)));
    }

    @Test
    void legacyOnlyServerIsDetectedAlthoughTheJdkDisablesTls10And11() {
        Map<String, CheckResult> r = smtp(new ServerTls(Probing.MX_CERT, ServerTls.LEGACY_ONLY, null), Protocol.SMTP);

        CheckResult versions = r.get("tls-versions");
        assertThat(versions.status()).isEqualTo(Status.FAIL);
        assertThat(versions.findings())
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).startsWith("TLSv1.0 accepted"))
                .anySatisfy(m -> assertThat(m).startsWith("TLSv1.1 accepted"))
                .anySatisfy(m -> assertThat(m).contains("neither TLSv1.2 nor TLSv1.3"));
        // the main session still completes with TLS 1.1 and reports it
        assertThat(r.get("starttls").findings().getFirst().message()).contains("TLSv1.1");
    }

    @Test
    void tls12OnlyServerPassesVersions() {
        var tls = new ServerTls(Probing.MX_CERT, List.of(org.bouncycastle.tls.ProtocolVersion.TLSv12), null);
        CheckResult versions = smtp(tls, Protocol.SMTP).get("tls-versions");
        assertThat(versions.status()).as(describe(versions)).isEqualTo(Status.PASS);
        assertThat(versions.findings().getFirst().message()).isEqualTo("accepts TLSv1.2; refuses TLSv1.0 and TLSv1.1");
    }

    @Test
    void rsaKeyTransportSuiteIsPhaseOut() {
        var tls = new ServerTls(Probing.MX_CERT, List.of(org.bouncycastle.tls.ProtocolVersion.TLSv12), new int[] {
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA
        });
        CheckResult ciphers = smtp(tls, Protocol.SMTP).get("tls-ciphers");
        assertThat(ciphers.status()).as(describe(ciphers)).isEqualTo(Status.WARN);
        assertThat(finding(ciphers, "TLS_CIPHER_PHASE_OUT").message()).contains("TLS_RSA_WITH_AES_128_CBC_SHA");
    }

    @Test
    void modernServerNegotiatesGoodSuiteAndGroup() {
        CheckResult ciphers =
                smtp(ServerTls.modern(Probing.MX_CERT), Protocol.SMTP).get("tls-ciphers");
        assertThat(ciphers.status()).as(describe(ciphers)).isEqualTo(Status.PASS);
        assertThat(finding(ciphers, "TLS_GROUP_OK").message()).contains("x25519");
        assertThat(finding(ciphers, "TLS_CIPHER_GOOD").message()).contains("TLS_AES_");
    }

    @Test
    void expiredCertificateIsFail() {
        Instant now = Instant.now();
        var cert = Probing.CA.leaf(
                TestCerts.rsa(2048),
                List.of("mx.test"),
                now.minus(Duration.ofDays(100)),
                now.minus(Duration.ofDays(10)),
                "SHA256withRSA");
        CheckResult c = smtp(ServerTls.modern(cert), Protocol.SMTP).get("certificate");
        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(finding(c, "CERT_EXPIRED").message()).contains("10 days ago");
    }

    @Test
    void aCertificateThatExpiredYesterdaySaysOneDay() {
        Instant now = Instant.now();
        var cert = Probing.CA.leaf(
                TestCerts.rsa(2048),
                List.of("mx.test"),
                now.minus(Duration.ofDays(100)),
                now.minus(Duration.ofHours(36)),
                "SHA256withRSA");
        CheckResult c = smtp(ServerTls.modern(cert), Protocol.SMTP).get("certificate");
        assertThat(finding(c, "CERT_EXPIRED").message()).contains("(1 day ago)");
    }

    @Test
    void wrongNameIsWarnOnPort25AndFailOnSubmission() {
        var cert = Probing.CA.leaf(TestCerts.rsa(2048), "other.test");
        CheckResult mx = smtp(ServerTls.modern(cert), Protocol.SMTP).get("certificate");
        assertThat(finding(mx, "CERT_NAME_MISMATCH").status()).isEqualTo(Status.WARN);
        assertThat(finding(mx, "CERT_NAME_MISMATCH").message()).isEqualTo("certificate names other.test, not mx.test");

        CheckResult submission =
                smtp(ServerTls.modern(cert), Protocol.SUBMISSION).get("certificate");
        assertThat(finding(submission, "CERT_NAME_MISMATCH").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void selfSignedCertificateIsNamedSoAndAWarningOnPort25AndAFailWhereClientsValidate() {
        var self = TestCerts.selfSigned(TestCerts.rsa(2048), "mx.test");
        CheckResult mx = smtp(ServerTls.modern(self), Protocol.SMTP).get("certificate");
        assertThat(finding(mx, "CERT_SELF_SIGNED").status()).isEqualTo(Status.WARN);
        assertThat(finding(mx, "CERT_SELF_SIGNED").message()).contains("self-signed");
        assertThat(mx.status()).as(describe(mx)).isEqualTo(Status.WARN);
        assertThat(mx.evidence().details()).containsEntry("chainCause", "SELF_SIGNED");

        for (Protocol p : List.of(Protocol.SUBMISSIONS, Protocol.SUBMISSION)) {
            CheckResult c = smtp(ServerTls.modern(self), p).get("certificate");
            assertThat(finding(c, "CERT_SELF_SIGNED").status()).as(p.name()).isEqualTo(Status.FAIL);
        }
        CheckResult imaps = probe(
                        MailServers.Imap.hardened(ServerTls.modern(self))
                                .implicit()
                                .script(),
                        Protocol.IMAPS)
                .get("certificate");
        assertThat(finding(imaps, "CERT_SELF_SIGNED").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void certificateOfAnUnknownCaIsNamedSo() {
        var privateCa = TestCerts.newCa("Private Mail CA");
        var cert = privateCa.leaf(TestCerts.rsa(2048), "mx.test");
        CheckResult mx = smtp(ServerTls.modern(cert), Protocol.SMTP).get("certificate");
        assertThat(finding(mx, "CERT_UNKNOWN_CA").status()).as(describe(mx)).isEqualTo(Status.WARN);
        assertThat(finding(mx, "CERT_UNKNOWN_CA").message()).contains("Private Mail CA");
        assertThat(mx.findings()).extracting(Finding::code).doesNotContain("CERT_SELF_SIGNED");
        // the private CA's leaf alone, without a pointer to its issuer, is an unknown CA too
        CheckResult leafOnly =
                smtp(ServerTls.modern(cert.leafOnly()), Protocol.SUBMISSION).get("certificate");
        assertThat(finding(leafOnly, "CERT_UNKNOWN_CA").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void chainWithoutItsIntermediateIsIncomplete() {
        var intermediate = Probing.CA.intermediate("Mailward Test Issuing CA");
        var full = intermediate.leafWithIssuerUrl(TestCerts.rsa(2048), "mx.test");
        assertThat(smtp(ServerTls.modern(full), Protocol.SUBMISSION)
                        .get("certificate")
                        .status())
                .as("the full chain validates")
                .isEqualTo(Status.PASS);

        CheckResult c =
                smtp(ServerTls.modern(full.leafOnly()), Protocol.SUBMISSION).get("certificate");
        assertThat(finding(c, "CERT_CHAIN_INCOMPLETE").status()).as(describe(c)).isEqualTo(Status.FAIL);
        assertThat(finding(c, "CERT_CHAIN_INCOMPLETE").message()).contains("intermediate", "Issuing CA");
    }

    @Test
    void selfSignedOnPort25FailsUnderMtaStsEnforceAndIsInformationalUnderDane() {
        Instant now = Instant.now();
        var self = TestCerts.selfSigned(TestCerts.ec(), "mx.test");
        Optional<String> problem = Optional.of("unable to find valid certification path to requested target");
        Optional<dev.mailward.probe.ChainCause> cause = Optional.of(dev.mailward.probe.ChainCause.SELF_SIGNED);

        Finding sts = chainFinding(
                TlsChecks.certificate(self.chain(), problem, cause, MX, new RelayTlsPolicy(true, false, false), now));
        assertThat(sts.code()).isEqualTo("CERT_SELF_SIGNED");
        assertThat(sts.status()).isEqualTo(Status.FAIL);
        assertThat(sts.message()).contains("MTA-STS");

        Finding dane = chainFinding(
                TlsChecks.certificate(self.chain(), problem, cause, MX, new RelayTlsPolicy(false, true, false), now));
        assertThat(dane.status()).isEqualTo(Status.PASS);
        assertThat(dane.message()).contains("self-signed", "DANE");

        Finding opportunistic = chainFinding(
                TlsChecks.certificate(self.chain(), problem, cause, MX, RelayTlsPolicy.OPPORTUNISTIC, now));
        assertThat(opportunistic.status()).isEqualTo(Status.WARN);
    }

    @Test
    void anObservationStoredWithoutTheCauseStillCallsASelfSignedCertificateSelfSigned() {
        var self = TestCerts.selfSigned(TestCerts.ec(), "mx.test");
        Finding f = chainFinding(TlsChecks.certificate(
                self.chain(),
                Optional.of("unable to find valid certification path to requested target"),
                Optional.empty(),
                MX,
                RelayTlsPolicy.OPPORTUNISTIC,
                Instant.now()));
        assertThat(f.code()).isEqualTo("CERT_SELF_SIGNED");
        assertThat(f.status()).isEqualTo(Status.WARN);
    }

    private static Finding chainFinding(List<Finding> findings) {
        return findings.stream()
                .filter(f -> f.code().startsWith("CERT_CHAIN")
                        || f.code().equals("CERT_SELF_SIGNED")
                        || f.code().equals("CERT_UNKNOWN_CA"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chain finding in " + findings));
    }

    @Test
    void rsa1024KeyIsFail() {
        CheckResult c = smtp(ServerTls.modern(Probing.CA.leaf(TestCerts.rsa(1024), "mx.test")), Protocol.SMTP)
                .get("certificate");
        assertThat(finding(c, "CERT_KEY_INSUFFICIENT").message()).contains("RSA 1024");
        assertThat(c.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void ecP256CertificatePassesOverTheWire() {
        var cert = Probing.CA.leaf(TestCerts.ec(), "mx.test");
        Map<String, CheckResult> r = smtp(ServerTls.modern(cert), Protocol.SMTP);
        assertThat(r.get("certificate").status())
                .as(describe(r.get("certificate")))
                .isEqualTo(Status.PASS);
        assertThat(finding(r.get("certificate"), "CERT_KEY_OK").message()).contains("EC 256", "secp256r1");
        assertThat(r.get("certificate").evidence().certificates().getFirst()).containsKeys("pem", "sha256");
        assertThat(r.get("tls-versions").status())
                .as(describe(r.get("tls-versions")))
                .isEqualTo(Status.PASS);
    }

    // pure rules on certificates made here, with the clock as a parameter

    private static final Endpoint MX = new Endpoint("mx.test", 25, List.of(), Protocol.SMTP);

    @Test
    void rsaKeySizesFollowNcscClasses() {
        assertThat(TlsChecks.key(dev.mailward.probe.CertificateFacts.of(
                                Probing.CA.leaf(TestCerts.rsa(2048), "mx.test").leaf()))
                        .message())
                .endsWith("is sufficient");
        assertThat(TlsChecks.key(dev.mailward.probe.CertificateFacts.of(
                                Probing.CA.leaf(TestCerts.rsa(3072), "mx.test").leaf()))
                        .message())
                .endsWith("is good");
    }

    @Test
    void sha1SignedLeafIsFail() {
        Instant now = Instant.now();
        var cert = Probing.CA.leaf(
                TestCerts.rsa(2048),
                List.of("mx.test"),
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)),
                "SHA1withRSA");
        List<Finding> f = TlsChecks.certificate(
                cert.chain(), Optional.empty(), Optional.empty(), MX, RelayTlsPolicy.OPPORTUNISTIC, now);
        assertThat(f)
                .filteredOn(x -> x.code().equals("CERT_SIGNATURE_WEAK"))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("SHA1withRSA"));
    }

    @Test
    void expiryThresholdsAreRelativeToTheIssuedLifetime() {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        var ninetyDay = dev.mailward.probe.CertificateFacts.of(Probing.CA
                .leaf(TestCerts.ec(), List.of("mx.test"), issued, issued.plus(Duration.ofDays(90)), "SHA256withRSA")
                .leaf());
        // 60 days left of 90: fine; 29 days: warn, not fail; 8 days (< a tenth): fail; 2 days: fail
        assertThat(TlsChecks.expiry(ninetyDay, issued.plus(Duration.ofDays(30))).status())
                .isEqualTo(Status.PASS);
        assertThat(TlsChecks.expiry(ninetyDay, issued.plus(Duration.ofDays(61))).status())
                .isEqualTo(Status.WARN);
        assertThat(TlsChecks.expiry(ninetyDay, issued.plus(Duration.ofDays(82))).status())
                .isEqualTo(Status.FAIL);

        var oneYear = dev.mailward.probe.CertificateFacts.of(Probing.CA
                .leaf(TestCerts.ec(), List.of("mx.test"), issued, issued.plus(Duration.ofDays(365)), "SHA256withRSA")
                .leaf());
        // a year-long certificate warns at 30 days (less than a third), fails under 36.5 days? no: a tenth is 36.5
        assertThat(TlsChecks.expiry(oneYear, issued.plus(Duration.ofDays(300))).status())
                .isEqualTo(Status.PASS);
        assertThat(TlsChecks.expiry(oneYear, issued.plus(Duration.ofDays(330))).status())
                .isEqualTo(Status.FAIL);

        var sixDay = dev.mailward.probe.CertificateFacts.of(Probing.CA
                .leaf(TestCerts.ec(), List.of("mx.test"), issued, issued.plus(Duration.ofDays(6)), "SHA256withRSA")
                .leaf());
        // short-lived: a third is 2 days; under 72 hours is FAIL first
        assertThat(TlsChecks.expiry(sixDay, issued.plus(Duration.ofDays(2))).status())
                .isEqualTo(Status.PASS);
        assertThat(TlsChecks.expiry(sixDay, issued.plus(Duration.ofDays(4))).status())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void wildcardCoversExactlyOneLabel() {
        var facts = dev.mailward.probe.CertificateFacts.of(
                Probing.CA.leaf(TestCerts.ec(), "*.mail.test").leaf());
        assertThat(facts.matchesHost("mx.mail.test")).isTrue();
        assertThat(facts.matchesHost("a.mx.mail.test")).isFalse();
        assertThat(facts.matchesHost("mail.test")).isFalse();
    }

    @Test
    void policyResourceClassifiesSuitesAndGroups() {
        TlsPolicy p = TlsPolicy.ncscNl();
        assertThat(p.suite("TLS_AES_256_GCM_SHA384")).isEqualTo(TlsPolicy.Grade.GOOD);
        assertThat(p.suite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")).isEqualTo(TlsPolicy.Grade.SUFFICIENT);
        assertThat(p.suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA")).isEqualTo(TlsPolicy.Grade.PHASE_OUT);
        assertThat(p.suite("TLS_RSA_WITH_RC4_128_SHA")).isEqualTo(TlsPolicy.Grade.INSUFFICIENT);
        assertThat(p.group("ffdhe2048")).isEqualTo(TlsPolicy.Grade.INSUFFICIENT);
        assertThat(p.group("ffdhe3072")).isEqualTo(TlsPolicy.Grade.SUFFICIENT);
    }
}
