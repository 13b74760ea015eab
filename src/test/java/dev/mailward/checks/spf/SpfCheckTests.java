package dev.mailward.checks.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.checks.Finding;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Status;
import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSession;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The spf check end to end over real DNS on loopback (TestDnsServer + production DnsClient). */
class SpfCheckTests {

    /**
     * The defaults without a target policy: the spf check contacts no host, and on this branch
     * {@code TargetPolicy}'s static initialiser rejects '::ffff:0:0/96' (reported to the integrator).
     */
    private static final CheckOptions OPTIONS = new CheckOptions(
            List.of(),
            null,
            java.util.Optional.empty(),
            Duration.ofSeconds(30),
            60,
            List.of(),
            false,
            List.of(),
            "mailward.invalid",
            "probe@mailward.invalid",
            "relay-test@relay-test.mailward.invalid");

    private TestDnsServer server;
    private DnsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private CheckResult run(String domain, String records) {
        return run(domain, records, s -> {});
    }

    private CheckResult run(String domain, String records, java.util.function.Consumer<TestDnsServer> faults) {
        server = TestDnsServer.builder().zone("""
                $ORIGIN test.
                @ 300 IN SOA ns hostmaster 1 3600 600 86400 60
                """ + records).start();
        faults.accept(server);
        client = LoopbackZones.client(server);
        CheckContext ctx =
                new CheckContext(domain, client, OPTIONS, Instant.now().plusSeconds(20));
        SpfCheck check = new SpfCheck();
        SpfObservation observed = check.observe(ctx);
        assertThat(check.live.of(observed)).isPresent();
        List<CheckResult> results = check.analyse(observed);
        assertThat(check.live.of(observed)).as("used up by the analysis").isEmpty();
        assertWalkingAgainJudgesAlike(check, observed, results);
        assertThat(results).hasSize(1);
        CheckResult r = results.getFirst();
        assertThat(r.check()).isEqualTo("spf");
        assertThat(r.target()).isEqualTo(domain);
        return r;
    }

    /**
     * {@code results}, judged from the live walk of {@code observed}, are what walking its
     * recorded answers again gives: the observation decoded from JSON, equal but another object,
     * is not found among the live judgements and is walked again. Judging the original a second
     * time (as a regression is confirmed) gives the same, evidence included.
     */
    private static void assertWalkingAgainJudgesAlike(
            SpfCheck check, SpfObservation observed, List<CheckResult> results) {
        ObservationJson codec = new ObservationJson(List.of(check));
        SpfObservation decoded = codec.decode(codec.encode(new DomainObservation(
                        observed.domain(),
                        observed.started(),
                        List.of(new FamilyObservation.Observed(
                                "spf", observed.started(), observed.elapsed(), observed)))))
                .observation("spf", SpfObservation.class)
                .orElseThrow();
        assertThat(decoded).isNotSameAs(observed).isEqualTo(observed);
        assertThat(check.live.of(decoded)).isEmpty();
        assertThat(check.analyse(decoded)).isEqualTo(results);
        assertThat(check.live.of(decoded)).isEmpty();
        assertThat(check.analyse(observed)).isEqualTo(results);
    }

    @Test
    void aLiveWalkThatFailedIsNotRememberedAndTheAnalysisSaysWhereItStopped() {
        server = TestDnsServer.builder().zone("""
                $ORIGIN test.
                @ 300 IN SOA ns hostmaster 1 3600 600 86400 60
                inc.test. 300 IN TXT "v=spf1 include:_spf.inc.test -all"
                _spf.inc.test. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                """).start();
        client = LoopbackZones.client(server);
        Dns failingAtTheInclude = new Dns() {
            @Override
            public DnsAnswer lookup(String name, int type) {
                return client.lookup(name, type);
            }

            @Override
            public DnsSession session(int maxQueries, Instant deadline) {
                DnsSession inner = client.session(maxQueries, deadline);
                return new DnsSession() {
                    @Override
                    public DnsAnswer lookup(String name, int type) {
                        if (name.startsWith("_spf.")) {
                            throw new IllegalStateException("resolver closed");
                        }
                        return inner.lookup(name, type);
                    }

                    @Override
                    public List<DnsAnswer> answers() {
                        return inner.answers();
                    }

                    @Override
                    public int lookups() {
                        return inner.lookups();
                    }

                    @Override
                    public boolean budgetExhausted() {
                        return inner.budgetExhausted();
                    }
                };
            }
        };
        SpfCheck check = new SpfCheck();
        SpfObservation observed = check.observe(new CheckContext(
                "inc.test", failingAtTheInclude, OPTIONS, Instant.now().plusSeconds(20)));

        assertThat(observed.failure()).contains("IllegalStateException: resolver closed");
        assertThat(check.live.of(observed)).isEmpty();
        List<CheckResult> results = check.analyse(observed);
        assertThat(finding(results.getFirst(), SpfCode.SPF_DNS_ERROR).message())
                .isEqualTo("SPF analysis of inc.test stopped: IllegalStateException: resolver closed");
        assertWalkingAgainJudgesAlike(check, observed, results);
    }

    private static Finding finding(CheckResult r, SpfCode code) {
        return r.findings().stream()
                .filter(f -> f.code().equals(code.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + r.findings()));
    }

    private static boolean has(CheckResult r, SpfCode code) {
        return r.findings().stream().anyMatch(f -> f.code().equals(code.name()));
    }

    @Test
    void passesEnforcedPolicyThatAuthorisesItsMx() {
        CheckResult r = run("good.test", """
                good.test. 300 IN TXT "v=spf1 mx -all"
                good.test. 300 IN MX 10 mail.good.test.
                mail.good.test. 300 IN A 127.0.0.10
                """);
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(finding(r, SpfCode.SPF_ALL_ENFORCED).message()).contains("-all");
        assertThat(finding(r, SpfCode.SPF_LOOKUPS_OK).message()).isEqualTo("1 DNS-querying terms (limit 10)");
        assertThat(has(r, SpfCode.SPF_MX_AUTHORISED)).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) r.evidence().details().get("spfTree");
        assertThat(tree)
                .containsEntry("domain", "good.test")
                .containsEntry("record", "v=spf1 mx -all")
                .containsEntry("lookups", 1)
                .containsEntry("cumulativeLookups", 1);
        assertThat(r.evidence().dns()).isNotEmpty();
    }

    @Test
    void callsTildeAllASoftfailNotAnEnforcedPolicy() {
        CheckResult r = run("soft.test", """
                soft.test. 300 IN TXT "v=spf1 mx ~all"
                soft.test. 300 IN MX 10 mail.soft.test.
                mail.soft.test. 300 IN A 127.0.0.10
                """);
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(has(r, SpfCode.SPF_ALL_ENFORCED)).isFalse();
        Finding soft = finding(r, SpfCode.SPF_ALL_SOFTFAIL);
        assertThat(soft.status()).isEqualTo(Status.PASS);
        assertThat(soft.message())
                .contains("'~all' (softfail)")
                .contains("not refused")
                .doesNotContainIgnoringCase("enforce");
        assertThat(SpfCode.SPF_ALL_SOFTFAIL.title()).contains("softfail").doesNotContainIgnoringCase("enforce");
        assertThat(SpfCode.SPF_ALL_ENFORCED.title()).doesNotContain("~all");
    }

    @Test
    void countsOnlyTheMxAddressesThatPassAndSaysHowManyCouldNotBeEvaluated() {
        CheckResult r = run("mix.test", """
                mix.test. 300 IN TXT "v=spf1 exists:%{i}._spf.mix.test -all"
                mix.test. 300 IN MX 10 mx1.mix.test.
                mix.test. 300 IN MX 20 mx2.mix.test.
                mx1.mix.test. 300 IN A 127.0.0.10
                mx2.mix.test. 300 IN A 127.0.0.11
                127.0.0.10._spf.mix.test. 300 IN A 127.0.0.2
                127.0.0.11._spf.mix.test. 300 IN A 127.0.0.2
                """, s -> s.timeout("127.0.0.11._spf.mix.test."));
        Finding authorised = finding(r, SpfCode.SPF_MX_AUTHORISED);
        assertThat(authorised.message())
                .isEqualTo("SPF policy of mix.test authorises 1 MX address; 1 MX address could not be"
                        + " evaluated (temperror)");
        assertThat(finding(r, SpfCode.SPF_DNS_ERROR).message())
                .contains("127.0.0.11")
                .contains("temperror");
        assertThat(r.status()).isEqualTo(Status.ERROR);
    }

    @Test
    void failsWithoutRecord() {
        CheckResult r = run("none.test", "none.test. 300 IN TXT \"google-site-verification=abc\"\n");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, SpfCode.SPF_NO_RECORD).message()).isEqualTo("no v=spf1 TXT record at none.test");
    }

    @Test
    void rejectsSecondSpfRecordAsPermerror() {
        CheckResult r = run("two.test", """
                two.test. 300 IN TXT "v=spf1 -all"
                two.test. 300 IN TXT "v=spf1 ~all"
                """);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, SpfCode.SPF_MULTIPLE_RECORDS).message()).startsWith("2 v=spf1 records at two.test");
    }

    @Test
    void failsPermissiveAllAndMissingAll() {
        assertThat(finding(run("open.test", "open.test. 300 IN TXT \"v=spf1 +all\"\n"), SpfCode.SPF_PERMISSIVE_ALL)
                        .status())
                .isEqualTo(Status.FAIL);
        close();
        CheckResult r = run("noall.test", "noall.test. 300 IN TXT \"v=spf1 ip4:127.0.0.1\"\n");
        assertThat(finding(r, SpfCode.SPF_NO_ALL).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void reportsIncludeLoopAsPermerrorAndStops() {
        CheckResult r = run("a.test", """
                a.test. 300 IN TXT "v=spf1 include:b.test -all"
                b.test. 300 IN TXT "v=spf1 include:a.test -all"
                """);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, SpfCode.SPF_INCLUDE_LOOP).message()).contains("a.test -> b.test -> a.test");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(server.queryCount()).isLessThan(60);
    }

    @Test
    void countsLookupsAcrossTheIncludeTree() {
        StringBuilder zone = new StringBuilder("big.test. 300 IN TXT \"v=spf1");
        for (int i = 1; i <= 6; i++) {
            zone.append(" include:i").append(i).append(".big.test");
        }
        zone.append(" -all\"\n");
        for (int i = 1; i <= 6; i++) {
            zone.append("i").append(i).append(".big.test. 300 IN TXT \"v=spf1 a mx:big.test ~all\"\n");
            zone.append("i")
                    .append(i)
                    .append(".big.test. 300 IN A 127.0.0.")
                    .append(i)
                    .append('\n');
        }
        zone.append("big.test. 300 IN MX 10 i1.big.test.\n");
        CheckResult r = run("big.test", zone.toString());
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, SpfCode.SPF_TOO_MANY_LOOKUPS).message()).isEqualTo("18 DNS-querying terms (limit 10)");
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) r.evidence().details().get("spfTree");
        assertThat(tree).containsEntry("lookups", 6).containsEntry("cumulativeLookups", 18);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> children = (List<Map<String, Object>>) tree.get("children");
        assertThat(children).hasSize(6).allSatisfy(c -> assertThat(c).containsEntry("lookups", 2));
    }

    @Test
    void warnsAtEightLookups() {
        CheckResult r = run("eight.test", """
                eight.test. 300 IN TXT "v=spf1 a a a a a a a mx -all"
                eight.test. 300 IN A 127.0.0.8
                eight.test. 300 IN MX 10 eight.test.
                """);
        assertThat(finding(r, SpfCode.SPF_LOOKUPS_NEAR_LIMIT).message()).isEqualTo("8 DNS-querying terms (limit 10)");
        assertThat(r.status()).isEqualTo(Status.WARN);
    }

    @Test
    void warnsAboutLongRecordServedOverTcp() {
        StringBuilder record = new StringBuilder("v=spf1");
        int n = 0;
        while (record.length() < 4096) {
            record.append(" ip4:127.1.").append(n / 250).append('.').append(n % 250 + 1);
            n++;
        }
        record.append(" -all");
        StringBuilder txt = new StringBuilder();
        for (int i = 0; i < record.length(); i += 255) {
            txt.append('"')
                    .append(record, i, Math.min(record.length(), i + 255))
                    .append("\" ");
        }
        CheckResult r = run("long.test", "long.test. 300 IN TXT " + txt + "\n");
        assertThat(finding(r, SpfCode.SPF_RECORD_TOO_LONG).message())
                .contains("long.test has " + record.length() + " octets");
        assertThat(r.status()).as("%s", r.findings()).isEqualTo(Status.WARN);
    }

    @Test
    void keepsHtmlInRecordsVerbatimAsData() {
        String record = "v=spf1 <script>alert(1)</script> -all";
        CheckResult r = run("html.test", "html.test. 300 IN TXT \"" + record + "\"\n");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(finding(r, SpfCode.SPF_SYNTAX_ERROR).message()).contains("'<script>alert(1)</script>'");
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) r.evidence().details().get("spfTree");
        assertThat(tree).containsEntry("record", record);
    }

    @Test
    void reportsDnsTimeoutAsErrorNeverFail() {
        CheckResult r =
                run("slow.test", "slow.test. 300 IN TXT \"v=spf1 -all\"\n", s -> s.timeout("slow.test.", Type.TXT));
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(finding(r, SpfCode.SPF_DNS_ERROR).message())
                .contains("TXT lookup of slow.test failed: the DNS servers did not answer in time")
                .doesNotContain("TIMEOUT");
        assertThat(r.evidence().dns()).extracting(d -> d.outcome()).contains("TIMEOUT");
    }

    @Test
    void warnsAboutPtrAndUnauthorisedMx() {
        CheckResult r = run("ptr.test", """
                ptr.test. 300 IN TXT "v=spf1 ptr ip4:127.0.0.99 -all"
                ptr.test. 300 IN MX 10 mx.ptr.test.
                mx.ptr.test. 300 IN A 127.0.0.20
                """);
        assertThat(finding(r, SpfCode.SPF_PTR_USED).status()).isEqualTo(Status.WARN);
        assertThat(finding(r, SpfCode.SPF_MX_NOT_AUTHORISED).message()).contains("mx.ptr.test 127.0.0.20 (fail)");
        assertThat(r.status()).isEqualTo(Status.WARN);
    }

    @Test
    void failsVoidLookupsAndTargetsWithoutSpf() {
        CheckResult r = run("void.test", """
                void.test. 300 IN TXT "v=spf1 a:x1.void.test a:x2.void.test a:x3.void.test include:nospf.test -all"
                nospf.test. 300 IN TXT "hello"
                """);
        assertThat(finding(r, SpfCode.SPF_TOO_MANY_VOID_LOOKUPS).message()).contains("more than 2 void lookups");
        assertThat(finding(r, SpfCode.SPF_TARGET_WITHOUT_SPF).message())
                .isEqualTo("include target nospf.test has no SPF record");
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void failsMxTermNamingMoreThanTenHosts() {
        StringBuilder zone = new StringBuilder("many.test. 300 IN TXT \"v=spf1 mx:hosts.many.test -all\"\n");
        for (int i = 1; i <= 11; i++) {
            zone.append("hosts.many.test. 300 IN MX 10 h").append(i).append(".many.test.\n");
            zone.append('h')
                    .append(i)
                    .append(".many.test. 300 IN A 127.0.1.")
                    .append(i)
                    .append('\n');
        }
        CheckResult r = run("many.test", zone.toString());
        assertThat(finding(r, SpfCode.SPF_TOO_MANY_MX_NAMES).message())
                .isEqualTo("check_host(192.0.2.1, many.test)"
                        + " = permerror: hosts.many.test has 11 MX records for 'mx:hosts.many.test' and the first 10 did not"
                        + " match (RFC 7208 §4.6.4)");
        assertThat(finding(r, SpfCode.SPF_TOO_MANY_MX_NAMES).status()).isEqualTo(Status.FAIL);
        assertThat(has(r, SpfCode.SPF_PERMERROR)).isFalse();
    }

    /** The code comes from the limit the evaluator names; the reason is only shown, never read. */
    @Test
    void picksLimitCodesFromTheNamedLimitWhateverTheReasonSays() {
        Map<SpfEvaluation.Limit, SpfCode> expected = Map.of(
                SpfEvaluation.Limit.DNS_TERMS, SpfCode.SPF_TOO_MANY_LOOKUPS,
                SpfEvaluation.Limit.VOID_LOOKUPS, SpfCode.SPF_TOO_MANY_VOID_LOOKUPS,
                SpfEvaluation.Limit.MX_NAMES, SpfCode.SPF_TOO_MANY_MX_NAMES);
        // every reason names the wrong limit, or none, in words
        Map<SpfEvaluation.Limit, String> misleading = Map.of(
                SpfEvaluation.Limit.DNS_TERMS, "more than 2 void lookups",
                SpfEvaluation.Limit.VOID_LOOKUPS, "too many MX records",
                SpfEvaluation.Limit.MX_NAMES, "limit exceeded");
        assertThat(expected).hasSize(SpfEvaluation.Limit.values().length);
        for (SpfEvaluation.Limit limit : SpfEvaluation.Limit.values()) {
            List<Finding> findings = new ArrayList<>();
            SpfEvaluation e = new SpfEvaluation(
                    SpfResult.PERMERROR, misleading.get(limit), Optional.empty(), 11, 0, Optional.of(limit));
            assertThat(SpfCheck.judgeErrors("x.test", "192.0.2.1", e, findings)).isTrue();
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.code())
                        .as("code for %s", limit)
                        .isEqualTo(expected.get(limit).name());
                assertThat(f.status()).isEqualTo(Status.FAIL);
                assertThat(f.message())
                        .isEqualTo("check_host(192.0.2.1, x.test) = permerror: " + misleading.get(limit));
            });
        }
        List<Finding> findings = new ArrayList<>();
        SpfEvaluation other = new SpfEvaluation(
                SpfResult.PERMERROR,
                "include:a.test: more than 10 DNS-querying terms," + " more than 2 void lookups, 11 MX records",
                Optional.empty(),
                1,
                0,
                Optional.empty());
        SpfCheck.judgeErrors("x.test", "192.0.2.1", other, findings);
        assertThat(findings)
                .singleElement()
                .satisfies(f -> assertThat(f.code()).isEqualTo(SpfCode.SPF_PERMERROR.name()));
    }
}
