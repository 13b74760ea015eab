package dev.mailward.checks.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.checks.Finding;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsEvidence;
import dev.mailward.dns.DnsSettings;
import dev.mailward.dns.DnsSettings.DnssecMode;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The dmarc check end to end: real DNS over loopback (TestDnsServer) through the production DnsClient. */
class DmarcCheckTests {

    private static TestDnsServer server;
    private DnsClient dns;

    private static String zone(String origin, String... records) {
        StringBuilder sb = new StringBuilder("$ORIGIN " + origin + ".\n$TTL 300\n"
                + "@ IN SOA ns1 hostmaster 1 3600 600 86400 60\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        for (String r : records) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    private static final String MX = "@ IN MX 10 mail\nmail IN A 192.0.2.25";

    @BeforeAll
    static void startServer() {
        server = TestDnsServer.builder()
                .outOfZoneRcode(Rcode.NXDOMAIN)
                .zone(zone(
                        "reject.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@reject.test\"",
                        "sub IN A 192.0.2.7"))
                .zone(zone(
                        "quarantine.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=quarantine; rua=mailto:d@quarantine.test\""))
                .zone(zone("none.test", MX, "_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@none.test\""))
                .zone(zone("missing.test", MX))
                .zone(zone("norua.test", MX, "_dmarc IN TXT \"v=DMARC1; p=reject\""))
                .zone(zone(
                        "multiple.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:d@multiple.test\"",
                        "_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@multiple.test\""))
                .zone(zone("leading.test", MX, "_dmarc IN TXT \" v=DMARC1; p=reject; rua=mailto:d@leading.test\""))
                .zone(zone("spfat.test", MX, "_dmarc IN TXT \"v=spf1 -all\""))
                .zone(zone("testing.test", MX, "_dmarc IN TXT \"v=DMARC1; p=reject; t=y; rua=mailto:d@testing.test\""))
                .zone(zone(
                        "obsolete.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject; pct=50; ri=3600; rua=mailto:d@obsolete.test\""))
                .zone(zone("duplicate.test", MX, "_dmarc IN TXT \"v=DMARC1; p=reject; p=none\""))
                .zone(
                        zone(
                                "external.test",
                                MX,
                                "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:agg@reports.example,mailto:agg@unauthorised.example\""))
                .zone(zone("reports.example", "external.test._report._dmarc IN TXT \"v=DMARC1\""))
                .zone(zone("unauthorised.example"))
                .zone(zone(
                        "many.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject;"
                                + " rua=mailto:a@many.test,mailto:b@many.test,mailto:c@many.test\""))
                .zone(zone(
                        "parked.test",
                        "@ IN MX 0 .",
                        "_dmarc IN TXT \"v=DMARC1; p=quarantine; rua=mailto:d@parked.test\""))
                .zone(zone(
                        "parkedok.test",
                        "@ IN MX 0 .",
                        "@ IN TXT \"v=spf1 -all\"",
                        "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:d@parkedok.test\""))
                .zone(zone(
                        "spfonly.test",
                        "@ IN TXT \"v=spf1 -all\"",
                        "_dmarc IN TXT \"v=DMARC1; p=reject; sp=none; rua=mailto:d@spfonly.test\""))
                .zone(zone(
                        "np.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject; sp=reject; np=none; rua=mailto:d@np.test\""))
                .zone(zone(
                        "org.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:d@org.test\"",
                        "_dmarc.dept IN TXT \"v=DMARC1; p=reject; psd=n; rua=mailto:d@org.test\"",
                        "a.dept IN A 192.0.2.8"))
                .zone(zone("broken.test", MX, "_dmarc IN TXT \"v=DMARC1; p=reject\"", "sub IN A 192.0.2.10"))
                .zone(zone("slow.test", MX, "_dmarc IN TXT \"v=DMARC1; p=reject\""))
                .zone(zone(
                        "hostile.test",
                        MX,
                        "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:d@hostile.test;"
                                + " x=<script>alert(1)</script>\"",
                        "_dmarc.bad IN TXT \"v=DMARC1; p=reject; adkim=<b>s</b>\"",
                        "bad IN A 192.0.2.9"))
                .start();
        server.servfail("_dmarc.broken.test", Type.TXT);
        server.timeout("_dmarc.slow.test", Type.TXT);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void client() {
        dns = DnsClient.create(new DnsSettings(
                List.of(server.address()),
                Duration.ofMillis(250),
                0,
                DnssecMode.TRUST_AD,
                Optional.empty(),
                1_000,
                8,
                65_535,
                60,
                400));
    }

    @AfterEach
    void close() {
        dns.close();
    }

    /**
     * Options without a target policy: the dmarc check contacts no host, and on main
     * {@code TargetPolicy}'s static initialiser currently throws ("'::ffff:0:0/96': prefix length
     * must be 0..32"), which {@code CheckOptions.defaults()} would trigger.
     */
    private static final CheckOptions OPTIONS = new CheckOptions(
            List.of(),
            null,
            Optional.empty(),
            Duration.ofSeconds(10),
            60,
            List.of(),
            false,
            List.of(),
            "mailward.invalid",
            "probe@mailward.invalid",
            "relay-test@relay-test.mailward.invalid");

    private CheckResult run(String domain) {
        DmarcCheck check = new DmarcCheck();
        DmarcObservation observed = check.observe(
                new CheckContext(domain, dns, OPTIONS, Instant.now().plusSeconds(10)));
        // a name that is not a domain name is not looked up, nor discovered
        assertThat(check.live.of(observed).isPresent())
                .isEqualTo(!observed.dns().isEmpty());
        List<CheckResult> results = check.analyse(observed);
        assertThat(check.live.of(observed)).as("used up by the analysis").isEmpty();
        assertWalkingAgainJudgesAlike(check, observed, results);
        assertThat(results).hasSize(1);
        assertThat(results.getFirst().check()).isEqualTo("dmarc");
        assertThat(results.getFirst().target()).isEqualTo(domain);
        return results.getFirst();
    }

    /**
     * {@code results}, judged from the live discovery of {@code observed} (remembered for a domain
     * name), are what discovering again over its recorded answers gives: the observation decoded
     * from JSON, equal but another object, is not found among the live judgements and is walked
     * again. Judging the original a second time gives the same, evidence included.
     */
    private static void assertWalkingAgainJudgesAlike(
            DmarcCheck check, DmarcObservation observed, List<CheckResult> results) {
        ObservationJson codec = new ObservationJson(List.of(check));
        DmarcObservation decoded = codec.decode(codec.encode(new DomainObservation(
                        observed.domain(),
                        observed.started(),
                        List.of(new FamilyObservation.Observed(
                                DmarcCheck.ID, observed.started(), observed.elapsed(), observed)))))
                .observation(DmarcCheck.ID, DmarcObservation.class)
                .orElseThrow();
        assertThat(decoded).isNotSameAs(observed).isEqualTo(observed);
        assertThat(check.live.of(decoded)).isEmpty();
        assertThat(check.analyse(decoded)).isEqualTo(results);
        assertThat(check.live.of(decoded)).isEmpty();
        assertThat(check.analyse(observed)).isEqualTo(results);
    }

    private static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    private static Finding finding(CheckResult r, DmarcCode code) {
        return r.findings().stream()
                .filter(f -> f.code().equals(code.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(code + " not in " + r.findings()));
    }

    @Test
    void rejectPolicyWithReportsPasses() {
        CheckResult r = run("reject.test");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(finding(r, DmarcCode.DMARC_POLICY_REJECT).message()).contains("p=reject for reject.test");
        assertThat(finding(r, DmarcCode.DMARC_POLICY_REJECT).mitigation()).isEqualTo("layered-auth");
        @SuppressWarnings("unchecked")
        Map<String, Object> record =
                (Map<String, Object>) r.evidence().details().get("record");
        assertThat(record.get("tags"))
                .isEqualTo(Map.of("v", "DMARC1", "p", "reject", "rua", "mailto:dmarc@reject.test"));
        assertThat(r.evidence().dns()).extracting(DnsEvidence::name).contains("_dmarc.reject.test.");
    }

    @Test
    void showsBothOrganisationalDomainMethodsAndTheWalkSteps() {
        CheckResult r = run("reject.test");
        assertThat(r.evidence().details().get("organisationalDomain"))
                .isEqualTo(Map.of("treeWalk", "reject.test", "publicSuffixList", "reject.test"));
        @SuppressWarnings("unchecked")
        Map<String, Object> walk = (Map<String, Object>) r.evidence().details().get("treeWalk");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) walk.get("steps");
        assertThat(steps).extracting(s -> s.get("name")).containsExactly("_dmarc.reject.test", "_dmarc.test");
        assertThat(steps).extracting(s -> s.get("verdict")).containsExactly("RECORD", "NO_RECORD");
    }

    @Test
    void quarantinePassesWithNote() {
        CheckResult r = run("quarantine.test");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(finding(r, DmarcCode.DMARC_POLICY_QUARANTINE).message()).contains("reject is the stronger policy");
    }

    @Test
    void policyNoneFailsAsUnenforced() {
        CheckResult r = run("none.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_UNENFORCED).message())
                .contains("p=none")
                .contains("unenforced");
    }

    @Test
    void missingRecordFailsAfterWalkingToTheTld() {
        CheckResult r = run("missing.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_MISSING).message())
                .isEqualTo("no DMARC record at _dmarc.missing.test nor at _dmarc.test");
    }

    @Test
    void missingRuaWarns() {
        CheckResult r = run("norua.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r)).contains("DMARC_NO_RUA", "DMARC_POLICY_REJECT");
    }

    @Test
    void severalRecordsFail() {
        CheckResult r = run("multiple.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_MULTIPLE_RECORDS).message())
                .startsWith("2 DMARC records at _dmarc.multiple.test");
    }

    @Test
    void leadingWhitespaceFails() {
        CheckResult r = run("leading.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_LEADING_WHITESPACE).message()).contains("\" v=DMARC1; p=reject");
    }

    @Test
    void spfTextAtDmarcFails() {
        CheckResult r = run("spfat.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_SPF_AT_DMARC).message()).contains("\"v=spf1 -all\"");
    }

    @Test
    void testingModeWeakensRejectToQuarantine() {
        CheckResult r = run("testing.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r))
                .contains("DMARC_TESTING_MODE", "DMARC_POLICY_QUARANTINE")
                .doesNotContain("DMARC_POLICY_REJECT");
    }

    @Test
    void obsoleteTagsWarn() {
        CheckResult r = run("obsolete.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("DMARC_OBSOLETE_TAG"))
                .hasSize(2)
                .extracting(Finding::message)
                .anyMatch(m -> m.contains("pct=\"50\""));
    }

    @Test
    void duplicateTagFailsNamingTheTag() {
        CheckResult r = run("duplicate.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_DUPLICATE_TAG).message()).contains("tag p given more than once");
    }

    @Test
    void externalReportDestinationMustAuthorise() {
        CheckResult r = run("external.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("DMARC_REPORT_NOT_AUTHORISED"))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("unauthorised.example")
                        .contains("external.test._report._dmarc.unauthorised.example"));
        assertThat(server.queryCount("external.test._report._dmarc.reports.example", Type.TXT))
                .isPositive();
    }

    @Test
    void moreThanTwoRuaWarn() {
        CheckResult r = run("many.test");
        assertThat(finding(r, DmarcCode.DMARC_TOO_MANY_RUA).message()).startsWith("3 rua URIs");
    }

    @Test
    void nullMxDomainWithoutRejectFails() {
        CheckResult r = run("parked.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_NON_SENDING_NOT_REJECT).message())
                .contains("null MX")
                .contains("quarantine");
    }

    @Test
    void nonSendingDomainWithRejectPasses() {
        assertThat(run("parkedok.test").status()).isEqualTo(Status.PASS);
    }

    @Test
    void spfRejectAllDomainNeedsSubdomainRejectToo() {
        CheckResult r = run("spfonly.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_NON_SENDING_NOT_REJECT).message())
                .contains("v=spf1 -all")
                .contains("none to its subdomains");
    }

    @Test
    void subdomainInheritsParentPolicy() {
        CheckResult r = run("sub.reject.test");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(finding(r, DmarcCode.DMARC_INHERITED).message()).contains("_dmarc.reject.test");
        assertThat(finding(r, DmarcCode.DMARC_POLICY_REJECT).message()).startsWith("p=reject for sub.reject.test");
    }

    @Test
    void nonExistentSubdomainGetsNp() {
        CheckResult r = run("ghost.np.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, DmarcCode.DMARC_UNENFORCED).message()).startsWith("np=none for ghost.np.test");
    }

    @Test
    void warnsWhenTreeWalkAndPublicSuffixListDisagree() {
        CheckResult r = run("a.dept.org.test");
        assertThat(r.evidence().details().get("organisationalDomain"))
                .isEqualTo(Map.of("treeWalk", "dept.org.test", "publicSuffixList", "org.test"));
        assertThat(finding(r, DmarcCode.DMARC_ORG_DOMAIN_DISAGREE).status()).isEqualTo(Status.WARN);
        assertThat(finding(r, DmarcCode.DMARC_INHERITED).message()).contains("_dmarc.dept.org.test");
    }

    @Test
    void servfailIsErrorNotFail() {
        CheckResult r = run("broken.test");
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(finding(r, DmarcCode.DMARC_DNS_ERROR).message())
                .contains("_dmarc.broken.test")
                .contains("the DNS server reported a server failure")
                .doesNotContain("SERVFAIL");
        assertThat(codes(r)).doesNotContain("DMARC_MISSING", "DMARC_UNENFORCED");
    }

    @Test
    void aFailureHigherUpTheWalkSaysFirstWhatWasFoundThenWhatCouldNotBeDetermined() {
        CheckResult r = run("sub.broken.test");
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(finding(r, DmarcCode.DMARC_DNS_ERROR).message())
                .startsWith(
                        "No DMARC record at _dmarc.sub.broken.test. The record higher up the tree at"
                                + " _dmarc.broken.test, which would give the organisational domain's policy, could not be"
                                + " determined: the lookup of _dmarc.broken.test failed: the DNS server reported a server failure")
                .endsWith("So the DMARC policy that applies to sub.broken.test is unknown.");
        assertThat(codes(r)).doesNotContain("DMARC_MISSING");
    }

    @Test
    void timeoutIsErrorNotFail() {
        CheckResult r = run("slow.test");
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(finding(r, DmarcCode.DMARC_DNS_ERROR).message())
                .contains("_dmarc.slow.test")
                .contains("timed out: the DNS servers did not answer in time")
                .doesNotContain("TIMEOUT");
    }

    @Test
    void keepsHtmlInTagValuesAsData() {
        CheckResult r = run("hostile.test");
        @SuppressWarnings("unchecked")
        Map<String, Object> record =
                (Map<String, Object>) r.evidence().details().get("record");
        @SuppressWarnings("unchecked")
        Map<String, String> tags = (Map<String, String>) record.get("tags");
        assertThat(tags).containsEntry("x", "<script>alert(1)</script>");
        CheckResult bad = run("bad.hostile.test");
        assertThat(finding(bad, DmarcCode.DMARC_INVALID_VALUE).message()).contains("adkim=\"<b>s</b>\"");
    }

    @Test
    void spentQueryBudgetBeforeAPolicyIsErrorNotMissing() {
        CheckOptions tight = new CheckOptions(
                List.of(),
                null,
                Optional.empty(),
                Duration.ofSeconds(10),
                2,
                List.of(),
                false,
                List.of(),
                "mailward.invalid",
                "probe@mailward.invalid",
                "relay@relay.invalid");
        CheckResult r = new DmarcCheck()
                .run(new CheckContext(
                        "x.y.missing.test", dns, tight, Instant.now().plusSeconds(10)))
                .getFirst();
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(finding(r, DmarcCode.DMARC_DNS_ERROR).message())
                .startsWith("No DMARC record at _dmarc.x.y.missing.test, _dmarc.y.missing.test.")
                .contains("The record higher up the tree at _dmarc.missing.test")
                .contains(
                        "could not be determined: the lookup of _dmarc.missing.test was not sent: the lookup budget of this check was used up (more than 2 queries)")
                .doesNotContain("BUDGET_EXHAUSTED");
        assertThat(codes(r)).doesNotContain("DMARC_MISSING");
    }

    @Test
    void declaresItsIdentityAndCodes() {
        DmarcCheck check = new DmarcCheck();
        assertThat(check.id()).isEqualTo("dmarc");
        assertThat(check.targetKind()).isEqualTo(dev.mailward.checks.TargetKind.DOMAIN);
        assertThat(check.codes())
                .hasSize(DmarcCode.values().length)
                .allSatisfy(c -> assertThat(c.title()).isNotBlank());
        assertThat(check.mitigations()).containsExactly(dev.mailward.checks.Mitigation.LAYERED_AUTH);
    }

    @Test
    void refusesSomethingThatIsNotADomainName() {
        CheckResult r = run("bad..name");
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.findings().getFirst().message()).contains("\"bad..name\"");
    }
}
