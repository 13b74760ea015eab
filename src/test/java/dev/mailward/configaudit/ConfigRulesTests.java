package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRulesTests {

    private static List<String> codes(CheckResult r, Status status) {
        return r.findings().stream()
                .filter(f -> f.status() == status)
                .map(Finding::code)
                .distinct()
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(CheckResult r, String code) {
        return ((List<Map<String, Object>>) r.evidence().details().get("lines"))
                .stream().filter(d -> d.get("code").equals(code)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(CheckResult r, String code) {
        return (List<Map<String, Object>>) detail(r, code).get("lines");
    }

    @Test
    void hardenedServerPassesEveryMitigation() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("hardened"));
        assertThat(r.check()).isEqualTo("config");
        assertThat(r.target()).isEqualTo("config:hardened");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(codes(r, Status.PASS))
                .contains(
                        "LISTENERS_SEPARATE",
                        "RELAY_RESTRICTED",
                        "SASL_SUBMISSION_OK",
                        "TLS_OK",
                        "DANE_OUTBOUND_OK",
                        "DOS_LIMITS_OK",
                        "DOS_POSTSCREEN",
                        "MTA_OK",
                        "MAILBOX_ACCESS_OK",
                        "SIEVE_OK",
                        "DOVECOT_LIMITS_OK",
                        "RSPAMD_MILTER_OK",
                        "RSPAMD_DKIM_SIGNING_OK");
        assertThat(r.findings())
                .extracting(Finding::mitigation)
                .contains(
                        "listeners",
                        "no-open-relay",
                        "sasl-submission",
                        "tls",
                        "dnssec-dane",
                        "dos-limits",
                        "maintained-mta",
                        "mailbox-access",
                        "sieve",
                        "rspamd");
    }

    @Test
    void debianDefaultLacksTlsSubmissionLimitsAndRspamd() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("debian-default"));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r, Status.FAIL)).containsExactlyInAnyOrder("TLS_INBOUND_DISABLED", "RSPAMD_MILTER_MISSING");
        assertThat(codes(r, Status.WARN))
                .contains(
                        "LISTENERS_NO_SUBMISSION",
                        "DOS_RATE_LIMIT_UNSET",
                        "MTA_BANNER_SOFTWARE",
                        "DOVECOT_SSL_NOT_REQUIRED",
                        "RSPAMD_DKIM_SIGNING_DEFAULTS",
                        "DANE_OUTBOUND_NOT_DANE");
        // Debian's own relay default (compatibility_level 3.6) is safe.
        assertThat(codes(r, Status.PASS)).contains("RELAY_RESTRICTED");
        assertThat(lines(r, "MTA_BANNER_SOFTWARE")).singleElement().satisfies(l -> {
            assertThat(l.get("file")).isEqualTo("main.cf");
            assertThat((String) l.get("text")).startsWith("smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)");
        });
        assertThat((String) detail(r, "TLS_INBOUND_DISABLED").get("fix"))
                .contains("postconf -e 'smtpd_tls_security_level = may'");
    }

    @Test
    void openRelayFailsWithTheOffendingLines() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("open-relay"));
        assertThat(codes(r, Status.FAIL))
                .contains("RELAY_OPEN", "RELAY_MYNETWORKS_TOO_BROAD", "MTA_BANNER_VERSION", "TLS_INBOUND_DISABLED");
        Finding broad = r.findings().stream()
                .filter(f -> f.code().equals("RELAY_MYNETWORKS_TOO_BROAD"))
                .findFirst()
                .orElseThrow();
        assertThat(broad.message())
                .contains("0.0.0.0/0")
                .contains("[2001:db8::]/32")
                .doesNotContain("127.0.0.0/8");
        assertThat(lines(r, "RELAY_OPEN"))
                .extracting(l -> l.get("text"))
                .anySatisfy(
                        t -> assertThat((String) t).contains("permit_mynetworks, permit, reject_unauth_destination"));
        assertThat(lines(r, "RELAY_MYNETWORKS_TOO_BROAD").getFirst().get("line"))
                .isNotEqualTo(0);
        assertThat((String) detail(r, "RELAY_OPEN").get("fix")).contains("reject_unauth_destination");
    }

    @Test
    void saslOnPort25WithOptionalTlsFails() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("sasl-port25"));
        assertThat(codes(r, Status.FAIL)).contains("SASL_AUTH_WITHOUT_TLS", "SASL_ANONYMOUS_ALLOWED");
        assertThat(codes(r, Status.WARN))
                .contains(
                        "SASL_ON_PORT_25",
                        "SASL_PLAINTEXT_ALLOWED",
                        "TLS_DEPRECATED_PROTOCOLS",
                        "LISTENERS_NO_SUBMISSION");
        assertThat(lines(r, "SASL_ON_PORT_25").getFirst().get("text")).isEqualTo("smtpd_sasl_auth_enable = yes");
    }

    @Test
    void serverWithoutLimitsWarnsForEveryLimit() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("no-limits"));
        List<String> messages = r.findings().stream()
                .filter(f -> f.code().startsWith("DOS_"))
                .map(Finding::message)
                .toList();
        assertThat(messages)
                .anySatisfy(m -> assertThat(m).startsWith("smtpd_client_connection_count_limit = '0'"))
                .anySatisfy(m -> assertThat(m).startsWith("smtpd_client_auth_rate_limit = '0'"))
                .anySatisfy(m -> assertThat(m).contains("smtpd_timeout = '3600s' is outside 10..300 seconds"))
                .anySatisfy(m -> assertThat(m).contains("smtpd_recipient_limit = '100000'"));
        assertThat(codes(r, Status.PASS)).doesNotContain("DOS_LIMITS_OK");
        assertThat(codes(r, Status.WARN)).contains("MTA_COMPATIBILITY_LEVEL_OLD");
    }

    @Test
    void legacySpamAssassinAndOpenDkimBesideRspamdWarns() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("spamassassin-opendkim"));
        assertThat(r.findings()).noneMatch(f -> f.code().equals("CONFIG_SYNTAX_ERROR"));
        Finding legacy = r.findings().stream()
                .filter(f -> f.code().equals("RSPAMD_LEGACY_STACK"))
                .findFirst()
                .orElseThrow();
        assertThat(legacy.status()).isEqualTo(Status.WARN);
        assertThat(legacy.message())
                .contains("inet:localhost:8891")
                .contains("spamassassin/unix")
                .contains("smtp/inet");
        assertThat(codes(r, Status.PASS)).contains("RSPAMD_MILTER_OK");
        assertThat(codes(r, Status.WARN)).contains("RSPAMD_NON_SMTPD_MILTER_MISSING", "RSPAMD_MILTER_DEFAULT_ACTION");
    }

    @Test
    void dovecotWithPlaintextAuthFails() {
        CheckResult r = ConfigAudit.audit(Fixtures.bundle("dovecot-plaintext"));
        assertThat(codes(r, Status.FAIL))
                .containsExactlyInAnyOrder("DOVECOT_SSL_NOT_REQUIRED", "DOVECOT_PLAINTEXT_AUTH");
        assertThat(codes(r, Status.WARN))
                .contains("DOVECOT_CLEARTEXT_MECHANISMS_ONLY", "DOVECOT_LIMITS_LAX", "SIEVE_NO_MANAGESIEVE");
        assertThat(lines(r, "DOVECOT_PLAINTEXT_AUTH").getFirst())
                .containsEntry("file", "doveconf")
                .containsEntry("text", "disable_plaintext_auth = no");
    }

    @Test
    void dovecot24CleartextSettingIsJudgedLikeTheOld23Name() {
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("d24", null, null, """
                dovecot_config_version = 2.4.0
                ssl = yes
                auth_allow_cleartext = yes
                ssl_server_cert_file = /etc/ssl/certs/imap.pem
                """, null));
        assertThat(codes(r, Status.FAIL)).contains("DOVECOT_PLAINTEXT_AUTH");
        assertThat(codes(r, Status.FAIL)).doesNotContain("DOVECOT_NO_CERTIFICATE");
    }

    @Test
    void submissionWithoutSaslOnlyRestrictionsFails() {
        CheckResult r = ConfigAudit.audit(ConfigBundle.of(
                "s",
                "compatibility_level = 3.6\n",
                "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd -o smtpd_tls_security_level=may\n",
                null,
                null));
        assertThat(codes(r, Status.FAIL))
                .contains("LISTENERS_SUBMISSION_OPEN", "SASL_NOT_ENABLED_ON_SUBMISSION", "TLS_SUBMISSION_NOT_ENFORCED");
        assertThat(lines(r, "TLS_SUBMISSION_NOT_ENFORCED").getFirst())
                .containsEntry("file", "master.cf")
                .containsEntry("line", 2);
    }

    @Test
    void vrfyLeftAtPostfixsDefaultIsFlaggedWithTheFix() {
        // the Debian default main.cf does not set disable_vrfy_command: Postfix's default 'no' applies
        CheckResult debian = ConfigAudit.audit(Fixtures.bundle("debian-default"));
        assertThat(codes(debian, Status.WARN)).contains("MTA_VRFY_ENABLED");
        assertThat(debian.findings())
                .filteredOn(f -> f.code().equals("MTA_VRFY_ENABLED"))
                .first()
                .satisfies(f -> assertThat(f.message()).contains("not set", "default 'no'"));
        assertThat(detail(debian, "MTA_VRFY_ENABLED")).containsEntry("fix", "postconf -e 'disable_vrfy_command = yes'");
        assertThat(lines(debian, "MTA_VRFY_ENABLED").getFirst()).containsEntry("line", 0);
    }

    @Test
    void vrfyExplicitlyEnabledIsFlaggedAtItsLine() {
        CheckResult r = ConfigAudit.audit(ConfigBundle.of(
                "v",
                "compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP\ndisable_vrfy_command = no\n",
                null,
                null,
                null));
        assertThat(codes(r, Status.WARN)).contains("MTA_VRFY_ENABLED");
        assertThat(codes(r, Status.PASS)).doesNotContain("MTA_OK");
        assertThat(detail(r, "MTA_VRFY_ENABLED")).containsEntry("fix", "postconf -e 'disable_vrfy_command = yes'");
        assertThat(lines(r, "MTA_VRFY_ENABLED").getFirst())
                .containsEntry("file", "main.cf")
                .containsEntry("line", 3);
    }

    @Test
    void vrfyDisabledPassesAndAMasterCfOverrideCounts() {
        CheckResult off = ConfigAudit.audit(ConfigBundle.of(
                "v",
                "compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP\ndisable_vrfy_command = yes\n",
                null,
                null,
                null));
        assertThat(codes(off, Status.WARN)).doesNotContain("MTA_VRFY_ENABLED");
        assertThat(codes(off, Status.PASS)).contains("MTA_OK");

        // main.cf leaves the default, but the port 25 service turns VRFY off with -o
        CheckResult override = ConfigAudit.audit(ConfigBundle.of(
                "v",
                "compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP\n",
                "smtp inet n - y - - smtpd -o disable_vrfy_command=yes\n",
                null,
                null));
        assertThat(codes(override, Status.WARN)).doesNotContain("MTA_VRFY_ENABLED");
        assertThat(codes(override, Status.PASS)).contains("MTA_OK");
    }

    @Test
    void syntaxErrorsBecomeFindingsWithFileAndLine() {
        CheckResult r = ConfigAudit.audit(
                ConfigBundle.of("x", "compatibility_level = 3.6\nnot a parameter\n", null, null, null));
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("CONFIG_SYNTAX_ERROR"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("main.cf line 2: missing '='"));
    }

    @Test
    void restrictionListHelpersFollowPostfixSemantics() {
        assertThat(PostfixRules.rejectsUnauthBeforePermit("permit_mynetworks, reject_unauth_destination"))
                .isTrue();
        assertThat(PostfixRules.rejectsUnauthBeforePermit("permit_mynetworks permit reject_unauth_destination"))
                .isFalse();
        assertThat(PostfixRules.rejectsUnauthBeforePermit("")).isFalse();
        assertThat(PostfixRules.allowedProtocols(">=TLSv1.2")).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(PostfixRules.allowedProtocols("!SSLv2, !SSLv3, !TLSv1"))
                .containsExactly("TLSv1.1", "TLSv1.2", "TLSv1.3");
        assertThat(PostfixRules.allowedProtocols("TLSv1.3")).containsExactly("TLSv1.3");
        assertThat(PostfixRules.tooBroad("10.0.0.0/8")).isFalse();
        assertThat(PostfixRules.tooBroad("198.51.100.0/22")).isTrue();
        assertThat(PostfixRules.tooBroad("[2001:db8:1::]/48")).isFalse();
        assertThat(PostfixRules.seconds("5m")).isEqualTo(300);
    }

    @Test
    void everyCodeHasAMitigationAndTitle() {
        assertThat(ConfigAudit.codes()).allSatisfy(c -> {
            assertThat(c.mitigation()).isNotNull();
            assertThat(c.title()).isNotBlank();
        });
    }
}
