package dev.mailward.checks.mailbox;

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

class MailboxChecksTests {

    private static final ServerTls TLS = ServerTls.modern(Probing.MX_CERT);

    @Test
    void hardenedImapPassesWithLoginDisabledAndStarttls() {
        Map<String, CheckResult> r = probe(MailServers.Imap.hardened(TLS).script(), Protocol.IMAP);
        assertThat(r.keySet())
                .containsExactly("starttls", "auth-before-tls", "banner", "tls-versions", "tls-ciphers", "certificate");
        r.values().forEach(res -> assertThat(res.status()).as(describe(res)).isEqualTo(Status.PASS));
        assertThat(r.get("auth-before-tls").findings().getFirst().code()).isEqualTo("IMAP_LOGINDISABLED");
        assertThat(r.get("starttls").findings().getFirst().mitigation()).isEqualTo("mailbox-access");
    }

    @Test
    void imapWithoutLoginDisabledIsFail() {
        CheckResult r = probe(
                        MailServers.Imap.hardened(TLS).withoutLoginDisabled().script(), Protocol.IMAP)
                .get("auth-before-tls");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().code()).isEqualTo("IMAP_LOGIN_ALLOWED_IN_CLEAR");
        assertThat(r.findings().getFirst().message()).contains("AUTH=PLAIN");
    }

    @Test
    void imapsCompletesImplicitTls() {
        Map<String, CheckResult> r =
                probe(MailServers.Imap.hardened(TLS).implicit().script(), Protocol.IMAPS);
        assertThat(r).containsKey("implicit-tls").doesNotContainKey("auth-before-tls");
        assertThat(r.get("implicit-tls").status())
                .as(describe(r.get("implicit-tls")))
                .isEqualTo(Status.PASS);
        assertThat(r.get("certificate").status())
                .as(describe(r.get("certificate")))
                .isEqualTo(Status.PASS);
    }

    @Test
    void pop3RefusingUserInClearPassesAndNeverSeesPass() throws Exception {
        try (ScriptedServer s =
                new ScriptedServer(MailServers.Pop3.hardened(TLS).script())) {
            Map<String, CheckResult> r = Probing.byId(Probing.prober()
                    .probe(Probing.endpoint("mx.test", s, Protocol.POP3), Probing.options(), Probing.deadline()));
            r.values().forEach(res -> assertThat(res.status()).as(describe(res)).isEqualTo(Status.PASS));
            assertThat(r.get("auth-before-tls").findings().getFirst().message())
                    .contains("Plaintext authentication disallowed");
            assertThat(s.received())
                    .contains("USER probe")
                    .noneMatch(l -> l.toUpperCase().startsWith("PASS"));
        }
    }

    @Test
    void pop3AcceptingUserInClearIsFail() {
        CheckResult r = probe(MailServers.Pop3.hardened(TLS).userAccepted().script(), Protocol.POP3)
                .get("auth-before-tls");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().code()).isEqualTo("POP3_USER_ACCEPTED_IN_CLEAR");
    }

    @Test
    void pop3WithoutStlsIsFail() {
        var noTls = new MailServers.Pop3(List.of("TOP", "UIDL", "USER"), null, true, false);
        CheckResult r = probe(noTls.script(), Protocol.POP3).get("starttls");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().message()).startsWith("STLS not offered");
    }

    @Test
    void hardenedManageSievePasses() {
        Map<String, CheckResult> r = probe(MailServers.Sieve.hardened(TLS).script(), Protocol.MANAGESIEVE);
        r.values().forEach(res -> assertThat(res.status()).as(describe(res)).isIn(Status.PASS, Status.WARN));
        assertThat(r.get("starttls").status()).isEqualTo(Status.PASS);
        assertThat(r.get("starttls").findings().getFirst().mitigation()).isEqualTo("sieve");
        assertThat(r.get("auth-before-tls").status()).isEqualTo(Status.PASS);
    }

    @Test
    void manageSieveOfferingPlainBeforeTlsIsFail() {
        CheckResult r = probe(new MailServers.Sieve("PLAIN LOGIN", TLS).script(), Protocol.MANAGESIEVE)
                .get("auth-before-tls");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().message()).isEqualTo("SASL PLAIN LOGIN offered before STARTTLS");
    }
}
