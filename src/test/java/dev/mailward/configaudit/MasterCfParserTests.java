package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MasterCfParserTests {

    @Test
    void readsServicesWithContinuationOverridesAndTheirLines() {
        MasterCf m = MasterCf.parse(Fixtures.text("hardened", "input/postfix/master.cf"));
        assertThat(m.problems()).isEmpty();
        MasterCf.Service sub = m.inet(587).getFirst();
        assertThat(sub.name()).isEqualTo("submission");
        assertThat(sub.line()).isEqualTo(6);
        assertThat(sub.override("smtpd_tls_security_level").orElseThrow().line())
                .isEqualTo(8);
        assertThat(sub.override("smtpd_client_restrictions").orElseThrow().value())
                .isEqualTo("permit_sasl_authenticated, reject");
        assertThat(m.inet(25).getFirst().command()).isEqualTo("postscreen");
        assertThat(m.inet(465).getFirst().name()).isEqualTo("smtps");
    }

    @Test
    void readsPostconfMOutputWithBraceGroups() {
        MasterCf m = MasterCf.parse(Fixtures.text("hardened", "postconf-M.txt"));
        assertThat(m.problems()).isEmpty();
        MasterCf.Service sub = m.inet(587).getFirst();
        assertThat(sub.overrideMap())
                .containsEntry("smtpd_client_restrictions", "permit_sasl_authenticated, reject")
                .containsEntry("smtpd_sasl_auth_enable", "yes");
    }

    @Test
    void optionsStopAtTheFirstNonOptionSoPipeArgumentsAreNotOverrides() {
        MasterCf m = MasterCf.parse(Fixtures.text("spamassassin-opendkim", "postconf-M.txt"));
        assertThat(m.problems()).isEmpty();
        MasterCf.Service sa = m.services().stream()
                .filter(s -> s.name().equals("spamassassin"))
                .findFirst()
                .orElseThrow();
        assertThat(sa.overrides()).isEmpty();
        assertThat(sa.args()).contains("argv=/usr/bin/spamc", "-oi");
    }

    @Test
    void effectiveSettingsAreMainCfWithOverrides() {
        PostfixMainConfig main =
                PostfixMainConfig.parse("smtpd_tls_security_level = may\nmua = permit_sasl_authenticated, reject\n");
        MasterCf m = MasterCf.parse("submission inet n - y - - smtpd -o smtpd_tls_security_level=encrypt"
                + " -o smtpd_client_restrictions=$mua -o syslog_name=postfix/$service_name\n");
        Map<String, String> o = m.services().getFirst().overrideMap();
        assertThat(main.expanded("smtpd_tls_security_level", o)).contains("encrypt");
        assertThat(main.expanded("smtpd_tls_security_level")).contains("may");
        assertThat(main.expanded("smtpd_client_restrictions", o)).contains("permit_sasl_authenticated, reject");
        assertThat(main.expanded("syslog_name", o)).contains("postfix/submission");
    }

    @Test
    void reportsMalformedServiceLinesWithLineNumbers() {
        MasterCf m = MasterCf.parse("""
                smtp inet n - y - - smtpd
                broken inet n -
                weird socket n - y - - smtpd
                bad inet x - y - - smtpd
                open inet n - y - - smtpd -o { unterminated
                smtp inet n - y - - smtpd
                """);
        assertThat(m.problems()).extracting(ParseProblem::line).containsExactly(2, 3, 4, 5, 6);
        assertThat(m.problems().get(0).message()).contains("expected 8 fields");
        assertThat(m.problems().get(1).message()).contains("unknown service type 'socket'");
        assertThat(m.problems().get(4).message()).contains("duplicate service 'smtp/inet'");
        assertThat(m.services()).extracting(MasterCf.Service::name).containsExactly("smtp", "smtp");
    }
}
