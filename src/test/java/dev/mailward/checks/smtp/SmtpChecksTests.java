package dev.mailward.checks.smtp;

import static dev.mailward.probe.testservers.Probing.describe;
import static dev.mailward.probe.testservers.Probing.probe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import dev.mailward.probe.testservers.ServerTls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpChecksTests {

    private static final ServerTls TLS = ServerTls.modern(Probing.MX_CERT);

    private static String codes(CheckResult r) {
        return String.join(",", r.findings().stream().map(f -> f.code()).toList());
    }

    @Test
    void hardenedMxPassesEverySmtpAndTlsCheck() {
        Map<String, CheckResult> r = probe(MailServers.Smtp.hardened(TLS).script(), Protocol.SMTP);

        assertThat(r.keySet())
                .containsExactly(
                        "starttls",
                        "auth-before-tls",
                        "open-relay",
                        "vrfy",
                        "expn",
                        "banner",
                        "tls-versions",
                        "tls-ciphers",
                        "certificate");
        r.values().forEach(res -> assertThat(res.status()).as(describe(res)).isEqualTo(Status.PASS));
        assertThat(r.get("starttls").findings().getFirst().message()).contains("TLSv1.3");
        assertThat(r.get("open-relay").findings().getFirst().message()).contains("Relay access denied");
        assertThat(r.get("tls-versions").findings().getFirst().message()).contains("TLSv1.3", "TLSv1.2");
        assertThat(r.get("starttls").target()).matches("mx\\.test:\\d+");
        assertThat(r.get("starttls").evidence().transcript())
                .anySatisfy(l -> assertThat(l.text()).isEqualTo("STARTTLS"));
    }

    @Test
    void openRelayIsFailWithTheAcceptedReply() {
        Map<String, CheckResult> r =
                probe(MailServers.Smtp.hardened(TLS).openRelay().script(), Protocol.SMTP);

        CheckResult relay = r.get("open-relay");
        assertThat(relay.status()).isEqualTo(Status.FAIL);
        assertThat(codes(relay)).isEqualTo("SMTP_OPEN_RELAY");
        assertThat(relay.findings().getFirst().message()).contains("250 2.1.5 Ok", "configuration audit");
        assertThat(relay.findings().getFirst().mitigation()).isEqualTo("no-open-relay");
    }

    @Test
    void neverSendsDataOrCredentialsAndEndsWithQuit() throws Exception {
        try (ScriptedServer s =
                new ScriptedServer(MailServers.Smtp.hardened(TLS).openRelay().script())) {
            Probing.prober()
                    .probe(Probing.endpoint("mx.test", s, Protocol.SMTP), Probing.options(), Probing.deadline());
            List<String> lines = s.received();
            assertThat(lines)
                    .noneMatch(l -> l.equalsIgnoreCase("DATA")
                            || l.toUpperCase().startsWith("AUTH")
                            || l.toUpperCase().startsWith("PASS"));
            assertThat(lines)
                    .contains(
                            "MAIL FROM:<probe@mailward.invalid>",
                            "RCPT TO:<relay-test@relay-test.mailward.invalid>",
                            "RSET",
                            "QUIT");
        }
    }

    @Test
    void plainAuthBeforeStarttlsOnPort25IsFail() {
        var server =
                MailServers.Smtp.hardened(TLS).withCaps(List.of("STARTTLS", "AUTH PLAIN LOGIN"), List.of("AUTH PLAIN"));
        CheckResult r = probe(server.script(), Protocol.SMTP).get("auth-before-tls");

        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).isEqualTo("SMTP_PLAINTEXT_AUTH_BEFORE_TLS");
        assertThat(r.findings().getFirst().message()).contains("PLAIN LOGIN");
    }

    @Test
    void otherAuthBeforeStarttlsOnPort25IsWarn() {
        var server = MailServers.Smtp.hardened(TLS).withCaps(List.of("STARTTLS", "AUTH CRAM-MD5"), List.of());
        assertThat(probe(server.script(), Protocol.SMTP).get("auth-before-tls").status())
                .isEqualTo(Status.WARN);
    }

    @Test
    void anyAuthBeforeStarttlsOnSubmissionIsFail() {
        var server =
                MailServers.Smtp.hardened(TLS).withCaps(List.of("STARTTLS", "AUTH CRAM-MD5"), List.of("AUTH PLAIN"));
        CheckResult r = probe(server.script(), Protocol.SUBMISSION).get("auth-before-tls");
        assertThat(codes(r)).isEqualTo("SUBMISSION_AUTH_BEFORE_TLS");
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void submissionOfferingAuthOnlyUnderTlsPasses() {
        var server = MailServers.Smtp.hardened(TLS).withCaps(List.of("STARTTLS"), List.of("AUTH PLAIN LOGIN"));
        CheckResult r = probe(server.script(), Protocol.SUBMISSION).get("auth-before-tls");
        assertThat(r.status()).as(describe(r)).isEqualTo(Status.PASS);
        assertThat(r.findings().getFirst().message()).contains("PLAIN LOGIN");
    }

    @Test
    void missingStarttlsIsFailAndTlsChecksAreNotApplicable() {
        Map<String, CheckResult> r =
                probe(MailServers.Smtp.hardened(TLS).noStartTls().script(), Protocol.SMTP);

        assertThat(r.get("starttls").status()).isEqualTo(Status.FAIL);
        assertThat(codes(r.get("starttls"))).isEqualTo("SMTP_STARTTLS_MISSING");
        assertThat(r.get("tls-versions").status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(r.get("certificate").status()).isEqualTo(Status.NOT_APPLICABLE);
        // the relay test still runs in clear
        assertThat(r.get("open-relay").status()).isEqualTo(Status.PASS);
    }

    @Test
    void vrfyAndExpnConfirmingPostmasterAndDenyingAStrangerAreWarn() {
        var server = MailServers.Smtp.hardened(TLS)
                .withVrfyFor(
                        "250 2.0.0 postmaster <postmaster@mx.test>",
                        "550 5.1.1 <%s>: Recipient address rejected: User unknown",
                        "250 2.0.0 root <root@mx.test>",
                        "550 5.1.1 <%s>: no such list");
        Map<String, CheckResult> r = probe(server.script(), Protocol.SMTP);
        assertThat(r.get("vrfy").status()).isEqualTo(Status.WARN);
        assertThat(r.get("expn").status()).isEqualTo(Status.WARN);
        assertThat(codes(r.get("vrfy"))).isEqualTo("SMTP_VRFY_ENABLED");
        assertThat(codes(r.get("expn"))).isEqualTo("SMTP_EXPN_ENABLED");
        assertThat(r.get("vrfy").findings().getFirst().message()).contains("250 2.0.0", "550 5.1.1", "enumeration");
    }

    @Test
    void defaultPostfixAnswering252ForPostmasterAnd550ForAStrangerIsAddressEnumeration() {
        Map<String, CheckResult> r =
                probe(MailServers.Smtp.postfixDefaultVrfy(TLS).script(), Protocol.SMTP);

        CheckResult vrfy = r.get("vrfy");
        assertThat(vrfy.status()).as(describe(vrfy)).isEqualTo(Status.WARN);
        assertThat(codes(vrfy)).isEqualTo("SMTP_VRFY_ENABLED");
        assertThat(vrfy.findings().getFirst().message())
                .contains("postmaster: 252 2.0.0", "550 5.1.1", "address enumeration")
                .doesNotContain("Recipient address rejected");
        @SuppressWarnings("unchecked")
        Map<String, Object> seen =
                (Map<String, Object>) vrfy.evidence().details().get("vrfy");
        assertThat(seen).containsEntry("postmaster", "252 2.0.0 postmaster").containsEntry("advertisedInEhlo", true);
        String random = (String) seen.get("randomLocalPart");
        assertThat(random).matches("[a-z]{16}");
        assertThat((String) seen.get("random")).startsWith("550 5.1.1 <" + random + ">");
        // Postfix does not implement EXPN: refused for both
        assertThat(r.get("expn").status()).as(describe(r.get("expn"))).isEqualTo(Status.PASS);
        assertThat(r.get("expn").findings().getFirst().message()).contains("refused", "502");
    }

    @Test
    void vrfyAnswering252ForEveryAddressRevealsNothing() {
        var server = MailServers.Smtp.hardened(TLS).withVrfy("252 2.0.0 Cannot VRFY user", "502 5.5.2 no");
        CheckResult vrfy = probe(server.script(), Protocol.SMTP).get("vrfy");
        assertThat(vrfy.status()).as(describe(vrfy)).isEqualTo(Status.PASS);
        assertThat(vrfy.findings().getFirst().message()).contains("alike", "252 2.0.0");
    }

    @Test
    void vrfyDisabledWith502IsPass() {
        Map<String, CheckResult> r = probe(MailServers.Smtp.hardened(TLS).script(), Protocol.SMTP);
        assertThat(r.get("vrfy").status()).isEqualTo(Status.PASS);
        assertThat(codes(r.get("vrfy"))).isEqualTo("SMTP_VRFY_DISABLED");
        assertThat(r.get("vrfy").findings().getFirst().message()).contains("refused", "502");
        @SuppressWarnings("unchecked")
        Map<String, Object> seen =
                (Map<String, Object>) r.get("vrfy").evidence().details().get("vrfy");
        assertThat(seen).containsEntry("advertisedInEhlo", false);
    }

    @Test
    void sendsTwoVrfyAndTwoExpnAboutPostmasterAndOneRandomLocalPart() throws Exception {
        try (ScriptedServer s =
                new ScriptedServer(MailServers.Smtp.postfixDefaultVrfy(TLS).script())) {
            Probing.prober()
                    .probe(Probing.endpoint("mx.test", s, Protocol.SMTP), Probing.options(), Probing.deadline());
            List<String> vrfy =
                    s.received().stream().filter(l -> l.startsWith("VRFY ")).toList();
            List<String> expn =
                    s.received().stream().filter(l -> l.startsWith("EXPN ")).toList();
            assertThat(vrfy).hasSize(2).first().isEqualTo("VRFY postmaster");
            assertThat(expn).hasSize(2).first().isEqualTo("EXPN postmaster");
            String random = vrfy.get(1).substring(5);
            assertThat(random).matches("[a-z]{16}").isNotEqualTo("postmaster");
            assertThat(expn.get(1)).isEqualTo("EXPN " + random);
        }
    }

    @Test
    void rateLimitBetweenTheTwoVrfyQuestionsIsErrorNotAVerdict() {
        var server = MailServers.Smtp.hardened(TLS)
                .withVrfyFor("252 2.0.0 postmaster", "421 4.7.0 mx.test Error: too many errors", "502 no", "502 no");
        Map<String, CheckResult> r = probe(server.script(), Protocol.SMTP);
        assertThat(r.get("vrfy").status()).as(describe(r.get("vrfy"))).isEqualTo(Status.ERROR);
        assertThat(codes(r.get("vrfy"))).isEqualTo("SMTP_VRFY_NOT_TESTABLE");
        assertThat(r.get("vrfy").findings().getFirst().message()).contains("421");
        assertThat(r.get("expn").status()).isEqualTo(Status.ERROR);
    }

    @Test
    void bannerWithSoftwareAndVersionIsWarnAndMultiLineGreetingIsWaitedFor() {
        var server = MailServers.Smtp.hardened(TLS)
                .withBanner("220-mx.test ESMTP Exim 4.96", "220-please wait", "220 mx.test ready");
        Map<String, CheckResult> r = probe(server.script(), Protocol.SMTP);
        CheckResult banner = r.get("banner");
        assertThat(banner.status()).isEqualTo(Status.WARN);
        assertThat(banner.findings().getFirst().message()).contains("Exim", "4.96");
        assertThat(r.get("starttls").status()).isEqualTo(Status.PASS);
    }

    @Test
    void implicitTlsSubmissionIsJudgedAsImplicitTls() {
        Map<String, CheckResult> r =
                probe(MailServers.Smtp.hardened(TLS).implicit().script(), Protocol.SUBMISSIONS);
        assertThat(r).containsKey("implicit-tls").doesNotContainKey("starttls");
        assertThat(r.get("implicit-tls").status())
                .as(describe(r.get("implicit-tls")))
                .isEqualTo(Status.PASS);
        assertThat(r.get("certificate").status())
                .as(describe(r.get("certificate")))
                .isEqualTo(Status.PASS);
    }

    @Test
    void rateLimitingGreetingIsErrorNotFail() {
        Map<String, CheckResult> r =
                probe(c -> c.send("421 4.7.0 mx.test Too many connections, try later"), Protocol.SMTP);
        r.values().forEach(res -> assertThat(res.status()).as(describe(res)).isIn(Status.ERROR));
        assertThat(r.get("starttls").findings().getFirst().message()).contains("421", "not testable");
    }
}
