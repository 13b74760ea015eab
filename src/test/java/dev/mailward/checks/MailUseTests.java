package dev.mailward.checks;

import static dev.mailward.checks.Answers.failed;
import static dev.mailward.checks.Answers.nxdomain;
import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.dkim.DkimCheck;
import dev.mailward.checks.dkim.DkimObservation;
import dev.mailward.checks.mtasts.MtaStsCheck;
import dev.mailward.checks.mtasts.MtaStsObservation;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.testnet.LabDns;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * What a domain declares about its mail (null MX, SPF {@code -all} alone), judged from its answers,
 * and asked once per domain run for every family that judges by it.
 */
class MailUseTests {

    private static final String D = "example.test";

    @Test
    void aNullMxAloneAcceptsAndSendsNoMail() {
        MailUse m = new MailUse(ok(D, "MX", "0 ."), ok(D, "TXT", "\"v=spf1 ip4:192.0.2.1 -all\""));
        assertThat(m.acceptsNoMail()).isTrue();
        assertThat(m.sendsNoMail()).isTrue();
        assertThat(m.receivesNoMail()).isTrue();
        assertThat(m.noMailReason()).contains("the domain accepts no mail (null MX)");
        MailUse beside = new MailUse(ok(D, "MX", "0 .", "10 mx.example.test."), ok(D, "TXT"));
        assertThat(beside.acceptsNoMail()).isFalse();
        assertThat(beside.sendsNoMail()).isFalse();
    }

    @Test
    void spfMinusAllAloneSendsNoMailButReceivesWhereThereAreMailServers() {
        MailUse withMx = new MailUse(
                ok(D, "MX", "10 mx.example.test."), ok(D, "TXT", "\"v=spf1 -all\"", "\"site-verification=1\""));
        assertThat(withMx.sendsNoMail()).isTrue();
        assertThat(withMx.receivesNoMail()).isFalse();
        assertThat(withMx.noMailReason()).contains("the domain sends no mail (its SPF record is \"v=spf1 -all\")");
        assertThat(withMx.noInboundMailReason()).isEmpty();
        MailUse parked = new MailUse(ok(D, "MX"), ok(D, "TXT", "\"v=spf1 -all\""));
        assertThat(parked.receivesNoMail()).isTrue();
        assertThat(parked.noInboundMailReason()).get().asString().contains("has no MX record");
    }

    @Test
    void anSpfRecordThatListsSendersOrTwoRecordsOrAFailedLookupDeclareNothing() {
        assertThat(new MailUse(ok(D, "MX"), ok(D, "TXT", "\"v=spf1 mx -all\"")).sendsNoMail())
                .isFalse();
        assertThat(new MailUse(ok(D, "MX"), ok(D, "TXT", "\"v=spf1 -all\"", "\"v=spf1 a -all\"")).sendsNoMail())
                .isFalse();
        MailUse failedLookups = new MailUse(failed(D, "MX", DnsOutcome.SERVFAIL), failed(D, "TXT", DnsOutcome.TIMEOUT));
        assertThat(failedLookups.sendsNoMail()).isFalse();
        assertThat(failedLookups.receivesNoMail()).isFalse();
        assertThat(new MailUse(nxdomain(D, "MX"), nxdomain(D, "TXT")).receivesNoMail())
                .isFalse();
    }

    @Test
    void theDkimAndMtaStsFamiliesOfOneDomainRunAskItOnce() {
        try (LabDns lab = new LabDns("""
                        $ORIGIN parked.test.
                        @ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ 300 IN A 192.0.2.80
                        @ 300 IN TXT "v=spf1 -all"
                        """);
                CheckRunner runner = new CheckRunner(
                        new CheckRegistry(List.of(new DkimCheck(), new MtaStsCheck())), lab.client(), 2)) {
            DomainObservation o = runner.observe("parked.test", CheckOptions.defaults());

            // the resolver of LabDns has no cache: every question reaches the server
            assertThat(lab.server().queryCount("parked.test", Type.TXT)).isEqualTo(1);
            MailUse dkim = o.observation("dkim", DkimObservation.class)
                    .orElseThrow()
                    .mailUse()
                    .orElseThrow();
            MailUse mtaSts = o.observation("mta-sts", MtaStsObservation.class)
                    .orElseThrow()
                    .mailUse()
                    .orElseThrow();
            assertThat(mtaSts).isSameAs(dkim);
            List<CheckResult> judged = CheckRunner.judge(o, List.of(new DkimCheck(), new MtaStsCheck()))
                    .results();
            assertThat(judged).extracting(CheckResult::status).containsOnly(Status.NOT_APPLICABLE);
            // the declaration is one click away on both results, whichever family asked for it
            assertThat(judged)
                    .allSatisfy(r -> assertThat(r.evidence().dns())
                            .anySatisfy(a -> assertThat(a.type()).isEqualTo("TXT"))
                            .anySatisfy(a -> assertThat(a.type()).isEqualTo("MX")));
        }
    }
}
