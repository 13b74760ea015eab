package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        assertThat(r.text())
                .doesNotContain("s3cr3t", "ldapsecret", "other secret", "hunter2", "abc")
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
        assertThat(r.text())
                .doesNotContain("MIIEvQ")
                .contains("-----BEGIN PRIVATE KEY-----<redacted>")
                .contains("-----END PRIVATE KEY-----")
                .contains("after = 1");
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
        assertThat(r.text())
                .contains("min_tokens = 11;", "max_tokens = 5000;", "store_tokens = false;")
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

    // ---------------------------------------------------------------- Postfix lookup tables

    @Test
    void redactsStaticTableOfSaslPasswordMapsButKeepsTheType() {
        Redactor.Redacted r = Redactor.redact("""
                relayhost = [smtp.relay.example]:587
                smtp_sasl_auth_enable = yes
                smtp_sasl_password_maps = static:relayuser@example.org:Tr0ub4dor&3
                transport_maps = static:smtp:[smtp.relay.example]:587
                """);
        assertThat(r.text())
                .doesNotContain("Tr0ub4dor", "relayuser")
                .contains("smtp_sasl_password_maps = static:<redacted>\n")
                .contains(
                        "relayhost = [smtp.relay.example]:587",
                        "transport_maps = static:smtp:[smtp.relay.example]:587");
        assertThat(r.redactions()).containsExactly(new Redactor.Redaction(3, "smtp_sasl_password_maps"));
    }

    @Test
    void redactsEveryValueOfAnInlineTableAndKeepsTheKeys() {
        Redactor.Redacted r = Redactor.redact("""
                smtp_sasl_password_maps = inline:{ [smtp.relay.example]:587=relay:s3cret-one, [backup.example]:25=bk:s3cret-two }
                lmtp_sasl_password_maps = inline:{ { lmtp.example = user:pass with spaces, and a comma } }
                smtp_sasl_password_maps = inline:{ mx.example = spaced:s3cret-three }
                """);
        assertThat(r.text())
                .doesNotContain("s3cret", "relay:", "bk:", "spaces", "comma", "spaced")
                .contains("smtp_sasl_password_maps = inline:{ [smtp.relay.example]:587=<redacted>, "
                        + "[backup.example]:25=<redacted> }")
                .contains("lmtp_sasl_password_maps = inline:{ { lmtp.example = <redacted> } }")
                .contains("smtp_sasl_password_maps = inline:{ mx.example = <redacted> }");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(1, 2, 3);
    }

    @Test
    void redactsInlineTablesContinuedOverMainCfLines() {
        Redactor.Redacted r = Redactor.redact("""
                smtp_sasl_password_maps = inline:{
                    [smtp.relay.example]:587 = relay:first-secret,
                    { [backup.example]:587 = backup:second secret }
                    }
                smtp_tls_security_level = encrypt
                """);
        assertThat(r.text())
                .doesNotContain("first-secret", "second secret")
                .contains("    [smtp.relay.example]:587 = <redacted>,\n")
                .contains("    { [backup.example]:587 = <redacted> }\n")
                .contains("smtp_tls_security_level = encrypt");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(2, 3);
    }

    @Test
    void redactsInlineContentsInsideCompositeAndBracedTables() {
        Redactor.Redacted r = Redactor.redact("""
                smtp_sasl_password_maps = unionmap:{ static:u1:pw-one, hash:/etc/postfix/sasl_passwd }
                lmtp_sasl_password_maps = pipemap:{ inline:{ a=u2:pw-two }, pcre:{ {/./ u3:pw-three} } }
                smtp_sasl_password_maps = static:{ user four:pw four }
                """);
        assertThat(r.text())
                .doesNotContain("pw-one", "pw-two", "pw-three", "pw four")
                .contains("unionmap:{ static:<redacted>, hash:/etc/postfix/sasl_passwd }")
                .contains("pipemap:{ inline:{ a=<redacted> }, pcre:{ <redacted> } }")
                .contains("smtp_sasl_password_maps = static:{ <redacted> }");
    }

    @Test
    void redactsTheParametersACredentialTableRefersTo() {
        String main = """
                relay_credentials = static:relay:via-reference
                smtp_sasl_password_maps = $relay_credentials
                other_creds = inline:{ h=u:via-master }
                """;
        String master = "relay unix - - n - - smtp -o smtp_sasl_password_maps=${other_creds}\n";
        assertThat(Redactor.redact(main).text())
                .doesNotContain("via-reference")
                .contains("relay_credentials = static:<redacted>", "smtp_sasl_password_maps = $relay_credentials")
                .contains("via-master");
        assertThat(Redactor.credentialReferences(main, master)).contains("relay_credentials", "other_creds");
        assertThat(Redactor.redact(main, Redactor.credentialReferences(main, master))
                        .text())
                .doesNotContain("via-reference", "via-master")
                .contains("other_creds = inline:{ h=<redacted> }");
    }

    @Test
    void redactsMasterCfOverridesOfCredentialParameters() {
        Redactor.Redacted r = Redactor.redact("""
                relay     unix  -       -       n       -       -       smtp -o smtp_sasl_password_maps=static:u:pw-one -o smtp_tls_security_level=encrypt
                submission inet n       -       y       -       -       smtpd
                  -o { smtp_sasl_password_maps = inline:{ { relay.example = u:pw two } } }
                  -o smtpd_sasl_auth_enable=yes
                  -o smtp_password=pw-three
                """);
        assertThat(r.text())
                .doesNotContain("pw-one", "pw two", "pw-three")
                .contains("smtp -o smtp_sasl_password_maps=static:<redacted> -o smtp_tls_security_level=encrypt")
                .contains("  -o { smtp_sasl_password_maps = inline:{ { relay.example = <redacted> } } }")
                .contains("  -o smtpd_sasl_auth_enable=yes", "  -o smtp_password=<redacted>");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(1, 3, 5);
    }

    @Test
    void redactsThePasswordsOfAPastedSaslPasswdFile() {
        Redactor.Redacted r = Redactor.redact("""
                # /etc/postfix/sasl_passwd (texthash:)
                [smtp.relay.example]:587    relay@example.org:pw-one
                sender@example.org          other:pw-two
                """);
        assertThat(r.text())
                .doesNotContain("pw-one", "pw-two")
                .contains("[smtp.relay.example]:587    <redacted>", "sender@example.org          <redacted>");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(2, 3);
    }

    @Test
    void redactsSpamhausDqsKeysButKeepsTheZone() {
        Redactor.Redacted r = Redactor.redact("""
                postscreen_dnsbl_sites = abcdefghijklmnopqrstuvwxyz.zen.dq.spamhaus.net*3 list.dnswl.org=127.0.[0..255].0*-2
                """);
        assertThat(r.text())
                .doesNotContain("abcdefghijklmnopqrstuvwxyz")
                .contains("<redacted>.zen.dq.spamhaus.net*3 list.dnswl.org");
    }

    // ---------------------------------------------------------------- Dovecot

    @Test
    void redactsDovecotPasswordsOfEveryKind() {
        Redactor.Redacted r = Redactor.redact("""
                doveadm_password = dv-one
                imapc_password = dv-two
                auth_policy_hash_nonce = dv-three
                auth_policy_server_api_header = Authorization: Basic ZHYtZm91cg==
                mail_crypt_private_password = dv-five
                quota_clone_dict = redis:host=127.0.0.1:port=6379:password=dv-six
                fts_solr = url=http://solr:dv-seven@solr.example:8983/solr/
                passdb {
                  args = proxy=y nopassword=y host=10.0.0.5 pass=dv-eight
                  driver = static
                }
                userdb {
                  args = uid=vmail gid=vmail home=/srv/mail/%d/%n
                  driver = static
                }
                """);
        assertThat(r.text())
                .doesNotContain("dv-", "ZHYtZm91cg")
                .contains(
                        "doveadm_password = <redacted>",
                        "imapc_password = <redacted>",
                        "auth_policy_hash_nonce = <redacted>",
                        "auth_policy_server_api_header = <redacted>",
                        "redis:host=127.0.0.1:port=6379:password=<redacted>",
                        "url=http://solr:<redacted>@solr.example",
                        "args = proxy=y nopassword=y host=10.0.0.5 pass=<redacted>",
                        "args = uid=vmail gid=vmail home=/srv/mail/%d/%n");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 9);
    }

    @Test
    void redactsDovecotInlineKeysButKeepsKeyFiles() {
        Redactor.Redacted r = Redactor.redact("""
                ssl_cert = </etc/ssl/certs/imap.pem
                ssl_key = -----BEGIN EC PRIVATE KEY-----
                MHcCAQEEIBmUqUKfiWKeC8bLc2o8l0n7r3hT
                -----END EC PRIVATE KEY-----
                ssl_alt_key = # hidden, use -P to show it
                mail_crypt_global_private_key = LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2
                mail_crypt_global_public_key = </etc/dovecot/ecpubkey.pem
                """);
        assertThat(r.text())
                .doesNotContain("MHcCAQEE", "LS0tLS1CRUdJ")
                .contains(
                        "ssl_cert = </etc/ssl/certs/imap.pem",
                        "ssl_key = -----BEGIN EC PRIVATE KEY-----<redacted>\n" + "-----END EC PRIVATE KEY-----",
                        "ssl_alt_key = # hidden, use -P to show it",
                        "mail_crypt_global_private_key = <redacted>",
                        "mail_crypt_global_public_key = </etc/dovecot/ecpubkey.pem");
        assertThat(r.redactions())
                .extracting(Redactor.Redaction::key)
                .containsExactly("private key", "mail_crypt_global_private_key");
    }

    // ---------------------------------------------------------------- Rspamd

    @Test
    void redactsRspamdSecretsAndInlineDkimKeys() {
        Redactor.Redacted r = Redactor.redact("""
                worker "controller" {
                    password = "$2$rs-one";
                    enable_password = "$2$rs-two";
                    keypair {
                        privkey = "rs3privkeyrs3privkeyrs3privkey";
                        pubkey = "pubkey-stays";
                    }
                }
                redis {
                    servers = "127.0.0.1:6379";
                    password = "rs-four";
                }
                dkim_signing {
                    path = "/var/lib/rspamd/dkim/$domain.$selector.key";
                    selector_map = "/etc/rspamd/dkim_selectors.map";
                    domain {
                        example.org {
                            selector = "mail";
                            key = "MIIEvQIBADANBgkqhkiG9w0rs-five";
                        }
                        example.net {
                            selector = "mail";
                            key = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBrs-six\\n-----END RSA PRIVATE KEY-----\\n";
                        }
                    }
                }
                arc {
                    secret = "rs-seven";
                }
                """);
        assertThat(r.text())
                .doesNotContain("rs-one", "rs-two", "rs3privkey", "rs-four", "rs-five", "rs-six", "rs-seven")
                .contains(
                        "password = \"<redacted>\";",
                        "enable_password = \"<redacted>\";",
                        "privkey = \"<redacted>\";",
                        "pubkey = \"pubkey-stays\";",
                        "servers = \"127.0.0.1:6379\";",
                        "path = \"/var/lib/rspamd/dkim/$domain.$selector.key\";",
                        "selector_map = \"/etc/rspamd/dkim_selectors.map\";",
                        "key = \"<redacted>\";",
                        "key = \"-----BEGIN RSA PRIVATE KEY-----<redacted>-----END RSA PRIVATE KEY-----\\n\";",
                        "secret = \"<redacted>\";");
    }

    @Test
    void redactsPrivateKeyBlocksOfEveryKindAnywhere() {
        Redactor.Redacted r = Redactor.redact("""
                # pasted by mistake
                -----BEGIN OPENSSH PRIVATE KEY-----
                b3BlbnNzaC1rZXktdjEAAAAABG5vbmU
                -----END OPENSSH PRIVATE KEY-----
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIIFHDBOBgkqhkiG9w0BBQ0wQTAp
                -----END ENCRYPTED PRIVATE KEY-----
                -----BEGIN PGP PRIVATE KEY BLOCK-----
                lQOYBGRxyz
                -----END PGP PRIVATE KEY BLOCK-----
                """);
        assertThat(r.text()).doesNotContain("b3BlbnNzaC1", "MIIFHDBO", "lQOYBGRxyz");
        assertThat(r.redactions()).extracting(Redactor.Redaction::line).containsExactly(2, 5, 8);
    }

    @Test
    void redactingRedactedTextChangesNothing() {
        String once = Redactor.redact("""
                smtp_sasl_password_maps = inline:{ { h = u:p w }, a=b:c }, static:x:y
                password = "secret";
                -----BEGIN PRIVATE KEY-----
                MIIE
                -----END PRIVATE KEY-----
                k = "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----";
                connect = host=db password=pw
                url = https://u:pw@host/
                [relay]:587 u:pw
                """).text();
        Redactor.Redacted twice = Redactor.redact(once);
        assertThat(twice.text()).isEqualTo(once);
        assertThat(twice.redactions()).isEmpty();
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void redactsHostileTwoMebibyteTextsInLinearTime() {
        // each of these lines was quadratic for some pattern: a lazy value before trailing white space,
        // unterminated quotes, long scheme-like runs, unclosed ${, BEGIN without PRIVATE KEY
        for (String line : List.of(
                "password = x" + " ".repeat(16_000) + "y",
                "pass='".repeat(2_600),
                "a.".repeat(8_000),
                "smtp_sasl_password_maps = $" + "{a".repeat(7_000),
                "-----BEGIN " + "A".repeat(16_000),
                "x -o {" + " ".repeat(16_000) + "a=b",
                "h " + ":".repeat(16_000) + " x")) {
            String text = (line + "\n").repeat(ConfigBundle.MAX_CHARS / (line.length() + 1) - 1);
            assertThat(Redactor.redact(text).text()).isNotEmpty();
        }
    }
}
