package dev.mailward.checks.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTests {

    @Test
    void redactsRspamdControllerPasswordFromARealDump() {
        Redactor.Redacted r = Redactor.redact(Fixtures.text("debian-default", "rspamd-configdump.txt"));
        assertThat(r.text()).doesNotContain("\"q1\"").contains("password = \"<redacted>\";");
        assertThat(r.redactions()).extracting(Redactor.Redaction::key).contains("password");
    }

    @Test
    void redactsSqlAndLdapSecretsButKeepsMapReferences() {
        Redactor.Redacted r = Redactor.redact("""
                connect = host=db dbname=mail user=dovecot password=s3cr3t
                bind_pw = ldapsecret
                dnpass = 'other secret'
                smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
                ssl_key = </etc/ssl/private/imap.key
                ssl_key_password = hunter2
                secret = "abc";
                """);
        assertThat(r.text()).doesNotContain("s3cr3t", "ldapsecret", "other secret", "hunter2", "abc")
                .contains("connect = host=db dbname=mail user=dovecot password=<redacted>")
                .contains("smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd")
                .contains("ssl_key = </etc/ssl/private/imap.key");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(1, 2, 3, 6, 7);
    }

    @Test
    void redactsPrivateKeyBlocks() {
        Redactor.Redacted r = Redactor.redact("""
                key = <<EOD
                -----BEGIN PRIVATE KEY-----
                MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
                -----END PRIVATE KEY-----
                EOD
                after = 1
                """);
        assertThat(r.text()).doesNotContain("MIIEvQ").contains("-----BEGIN PRIVATE KEY-----<redacted>")
                .contains("-----END PRIVATE KEY-----").contains("after = 1");
        assertThat(r.redactions()).singleElement().isEqualTo(new Redactor.Redaction(2, "private key"));
    }

    @Test
    void refusesOversizedInputAndDropsOverlongLines() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Redactor.redact("x\n".repeat(60_000)))
                .withMessage("upload has 60000 lines (limit 50000); not parsed");
        Redactor.Redacted r = Redactor.redact("a = 1\npassword=" + "x".repeat(20_000) + "\n");
        assertThat(r.text()).isEqualTo("a = 1\n<redacted>\n");
        assertThat(r.redactions()).containsExactly(new Redactor.Redaction(2, "overlong line"));
    }

    @Test
    void leavesConfigurationsWithoutSecretsUnchanged() {
        String main = Fixtures.text("hardened", "postconf-n.txt");
        Redactor.Redacted r = Redactor.redact(main);
        assertThat(r.redactions()).isEmpty();
        assertThat(r.text()).isEqualTo(main);
    }

    @Test
    void keepsRspamdStatisticsTokenCountsButRedactsRealTokens() {
        Redactor.Redacted r = Redactor.redact("""
                classifier "bayes" {
                    min_tokens = 11;
                    max_tokens = 5000;
                    store_tokens = false;
                }
                api_token = "tk-secret-1";
                token = tk-secret-2
                ACCESS_TOKEN: "tk-secret-3"
                """);
        assertThat(r.text()).contains("min_tokens = 11;", "max_tokens = 5000;", "store_tokens = false;")
                .doesNotContain("tk-secret-1", "tk-secret-2", "tk-secret-3")
                .contains("api_token = \"<redacted>\";", "token = <redacted>", "ACCESS_TOKEN: \"<redacted>\"");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(6, 7, 8);
    }

    @Test
    void rspamdDumpsKeepTheirStatisticsSettings() {
        Redactor.Redacted r = Redactor.redact(Fixtures.text("hardened", "rspamd-configdump.txt"));
        assertThat(r.text()).contains("min_tokens = 11;", "store_tokens = false;");
        assertThat(r.redactions()).extracting(Redactor.Redaction::key).doesNotContain("min_tokens", "store_tokens");
    }
}
