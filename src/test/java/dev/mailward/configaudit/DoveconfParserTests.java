package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DoveconfParserTests {

    @Test
    void parsesRealDoveconfOutputWithNestedSections() {
        DovecotConfig c = DovecotConfig.parse(Fixtures.text("debian-default", "doveconf-n.txt"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.version()).contains("2.3.19.1");
        assertThat(c.is24()).isFalse();
        DovecotConfig.Section ns = c.root().child("namespace", "inbox").orElseThrow();
        assertThat(ns.child("mailbox", "Sent Messages")
                        .orElseThrow()
                        .setting("special_use")
                        .orElseThrow()
                        .value())
                .isEqualTo("\\Sent");
        assertThat(c.top("ssl_cert").orElseThrow().value()).isEqualTo("</etc/dovecot/private/dovecot.pem");
    }

    @Test
    void unquotesValuesAndReadsProtocolBlocks() {
        DovecotConfig c = DovecotConfig.parse(Fixtures.text("hardened", "doveconf-n.txt"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.root()
                        .child("protocol", "lmtp")
                        .orElseThrow()
                        .setting("mail_plugins")
                        .orElseThrow()
                        .value())
                .isEqualTo("sieve");
        assertThat(c.root()
                        .child("service", "imap-login")
                        .orElseThrow()
                        .setting("process_limit")
                        .orElseThrow()
                        .value())
                .isEqualTo("200");
    }

    @Test
    void recognisesDovecot24NamesAndBooleanLists() {
        DovecotConfig c = DovecotConfig.parse("""
                dovecot_config_version = 2.4.1
                auth_allow_cleartext = no
                ssl_server_cert_file = /etc/ssl/certs/imap.pem
                protocol lmtp {
                  mail_plugins {
                    sieve = yes
                  }
                }
                """);
        assertThat(c.problems()).isEmpty();
        assertThat(c.is24()).isTrue();
        assertThat(c.version()).contains("2.4.1");
        assertThat(c.root().child("protocol", "lmtp").orElseThrow().children("mail_plugins"))
                .hasSize(1);
    }

    @Test
    void recordsIncludesAndReportsBadLinesAndUnbalancedBraces() {
        DovecotConfig c = DovecotConfig.parse("""
                !include conf.d/*.conf
                this is not a setting
                }
                service imap {
                """);
        assertThat(c.includes()).extracting(DovecotConfig.Setting::value).containsExactly("conf.d/*.conf");
        assertThat(c.problems()).extracting(ParseProblem::line).containsExactly(2, 3, 4);
        assertThat(c.problems().get(2).message()).contains("'service imap' opened here is never closed");
    }
}
