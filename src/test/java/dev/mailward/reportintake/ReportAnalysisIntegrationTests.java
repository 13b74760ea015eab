package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.dns.Dns;
import dev.mailward.reportintake.HandWrittenReports.Row;
import dev.mailward.testdns.SharedTestDns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The analysis of received reports over the console's stack, the real database and the suite's loopback DNS
 * server: source addresses resolved to forward-confirmed PTR names and grouped by organisation, the sources
 * judged (authenticated, partly failing, forwarded, unauthenticated), the "ready for p=reject?" verdict with
 * the fix per legitimate failing source, the "MTA-STS ready for enforce?" verdict, the sources as CSV (formula
 * cells kept text), the portfolio by pass rate (team-scoped), and the ASN database read from a TSV file.
 */
@MailwardIntegrationTest
class ReportAnalysisIntegrationTests {

    private static final LocalDate DAY1 = LocalDate.parse("2026-03-01");

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    Dns dns;

    private TeamRef team;
    private UserView operator;
    private UserView otherOperator;
    private String domain;
    private long domainId;

    @BeforeAll
    static void zones() {
        if (SharedTestDns.SERVER.zoneText("21.18.198.in-addr.arpa.").isPresent()) {
            return;
        }
        SharedTestDns.SERVER.addZone("""
                $ORIGIN 21.18.198.in-addr.arpa.
                $TTL 300
                @ IN SOA ns1.esp-a21.test. hostmaster.esp-a21.test. 1 3600 600 86400 300
                10 IN PTR mta.esp-a21.test.
                20 IN PTR out.crm-a21.test.
                30 IN PTR relay.lists-a21.test.
                50 IN PTR news.bulk-a21.test.
                60 IN PTR fake.esp-a21.test.
                """);
        SharedTestDns.SERVER.addZone("""
                $ORIGIN esp-a21.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                mta IN A 198.18.21.10
                fake IN A 198.18.21.99
                """);
        SharedTestDns.SERVER.addZone("""
                $ORIGIN crm-a21.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                out IN A 198.18.21.20
                """);
        SharedTestDns.SERVER.addZone("""
                $ORIGIN lists-a21.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                relay IN A 198.18.21.30
                """);
        SharedTestDns.SERVER.addZone("""
                $ORIGIN bulk-a21.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                news IN A 198.18.21.50
                """);
    }

    @BeforeEach
    void setUp() {
        team = accounts.team("analysis");
        TeamRef other = accounts.team("analysis-other");
        operator = accounts.user("analysis-op", Role.OPERATOR, team);
        otherOperator = accounts.user("analysis-opb", Role.OPERATOR, other);
        domain = ReportSamples.domainName("analysis");
        domainId = domain(team, domain);
    }

    /** Eight days of reports: one day with every kind of source, seven more days from the main server only. */
    private void sendMixedReports() throws Exception {
        String d = domain;
        upload(HandWrittenReports.dmarc(
                d,
                "reporter-one.test",
                DAY1,
                "none",
                new Row("198.18.21.10", 400, "pass", "pass", d, d, "pass", d, "pass"),
                new Row("198.18.21.20", 60, "pass", "fail", d, d, "pass", d, "fail"),
                new Row("198.18.21.20", 40, "fail", "fail", d, null, null, d, "fail"),
                new Row(
                        "198.18.21.30",
                        30,
                        "pass",
                        "fail",
                        "bounces.lists-a21.test",
                        d,
                        "pass",
                        "bounces.lists-a21.test",
                        "pass"),
                new Row(
                        "198.18.21.30",
                        10,
                        "fail",
                        "fail",
                        "bounces.lists-a21.test",
                        d,
                        "fail",
                        "bounces.lists-a21.test",
                        "pass"),
                new Row("198.18.21.40", 25, "fail", "fail", d, null, null, d, "fail"),
                new Row(
                        "198.18.21.50",
                        50,
                        "fail",
                        "fail",
                        "bounce.bulk-a21.test",
                        "bulk-a21.test",
                        "pass",
                        "bounce.bulk-a21.test",
                        "pass"),
                new Row("198.18.21.60", 20, "fail", "fail", d, null, null, d, "fail"),
                new Row("198.18.21.70", 1, "fail", "fail", "=2+5", null, null, d, "fail")));
        for (int i = 1; i < 8; i++) {
            upload(HandWrittenReports.dmarc(
                    d,
                    "reporter-two.test",
                    DAY1.plusDays(i),
                    "none",
                    new Row("198.18.21.10", 10, "pass", "pass", d, d, "pass", d, "pass")));
        }
    }

    @Test
    void judgesEverySourceAndSaysWhichLegitimateSourcesKeepTheDomainFromReject() throws Exception {
        sendMixedReports();
        awaitResolved("198.18.21.10", "198.18.21.20", "198.18.21.30", "198.18.21.50", "198.18.21.60");
        mvc.perform(get("/api/v1/dmarc/{id}/summary", domainId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messages").value(706))
                .andExpect(jsonPath("$.coverage.reports").value(8))
                .andExpect(jsonPath("$.coverage.days").value(8))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.10')].kind")
                        .value(contains("AUTHENTICATED")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.10')].origin.ptr")
                        .value(contains("mta.esp-a21.test")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.10')].origin.organisation")
                        .value(contains("esp-a21.test")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.10')].origin.forwardConfirmed")
                        .value(contains(true)))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.20')].kind")
                        .value(contains("PARTIAL")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.30')].kind")
                        .value(contains("FORWARDED")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.40')].kind")
                        .value(contains("UNAUTHENTICATED")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.40')].legitimate")
                        .value(contains(false)))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.40')].origin.ptr")
                        .value(contains((Object) null)))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.50')].kind")
                        .value(contains("UNAUTHENTICATED")))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.50')].legitimate")
                        .value(contains(true)))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.60')].origin.forwardConfirmed")
                        .value(contains(false)))
                .andExpect(jsonPath("$.sourceDetails[?(@.ip == '198.18.21.60')].legitimate")
                        .value(contains(false)))
                .andExpect(jsonPath("$.organisations[?(@.organisation == 'esp-a21.test')].sources")
                        .value(contains(2)))
                .andExpect(jsonPath("$.organisations[?(@.organisation == 'esp-a21.test')].messages")
                        .value(contains(490)))
                .andExpect(jsonPath("$.verdict.state").value("NOT_READY"))
                .andExpect(
                        jsonPath("$.verdict.blockers[*].ip").value(containsInAnyOrder("198.18.21.20", "198.18.21.50")))
                .andExpect(jsonPath("$.verdict.blockers[?(@.ip == '198.18.21.20')].fixes[*].code")
                        .value(contains("SPF_ADD")))
                .andExpect(jsonPath("$.verdict.blockers[?(@.ip == '198.18.21.20')].fixes[0].text")
                        .value(contains("Add ip4:198.18.21.20 (or crm-a21.test's SPF include) to the SPF record of "
                                + domain + ".")))
                .andExpect(jsonPath("$.verdict.blockers[?(@.ip == '198.18.21.50')].fixes[*].code")
                        .value(contains("ALIGN_ENVELOPE", "DKIM_ALIGN")))
                .andExpect(jsonPath("$.verdict.reasons[*].code")
                        .value(contains("blocking", "unauthenticated", "forwardedFailing")))
                .andExpect(jsonPath("$.verdict.reasons[1].args").value(contains("46", "3")));

        mvc.perform(get("/api/v1/dmarc/{id}/summary", domainId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-01")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict.state").value("NOT_ENOUGH_DATA"))
                .andExpect(jsonPath("$.verdict.reasons[0].code").value("fewReports"));
    }

    @Test
    void aDomainWhoseLegitimateSourcesAllPassIsReadyAndThePortfolioPutsTheWorstFirst() throws Exception {
        sendMixedReports();
        String good = ReportSamples.domainName("analysis-good");
        long goodId = domain(team, good);
        String hidden = ReportSamples.domainName("analysis-hidden");
        domain(accounts.team("analysis-hidden"), hidden);
        for (int i = 0; i < 7; i++) {
            upload(HandWrittenReports.dmarc(
                    good,
                    "reporter-two.test",
                    DAY1.plusDays(i),
                    "quarantine",
                    new Row("198.18.21.10", 100, "pass", "pass", good, good, "pass", good, "pass"),
                    new Row("198.18.21.40", 3, "fail", "fail", good, null, null, good, "fail")));
        }
        mvc.perform(get("/api/v1/dmarc/{id}/summary", goodId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict.state").value("READY"))
                .andExpect(jsonPath("$.verdict.blockers").isEmpty())
                .andExpect(jsonPath("$.verdict.reasons[*].code").value(contains("legitimatePass", "unauthenticated")));

        String page = mvc.perform(get("/aggregate-reports")
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(domain, good).doesNotContain(hidden);
        assertThat(page.indexOf(domain)).as("lowest pass rate first").isLessThan(page.indexOf(good));

        String theirs = mvc.perform(get("/aggregate-reports")
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(otherOperator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(theirs).doesNotContain(domain).doesNotContain(good);
    }

    @Test
    void theDomainPageDrawsTheVolumeChartAndTheSourcesDownloadAsSafeCsv() throws Exception {
        sendMixedReports();
        awaitResolved("198.18.21.20");
        String page = mvc.perform(get("/domains/{id}/aggregate-reports", domainId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-10")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("<svg", "aria-labelledby=\"chart-title chart-desc\"", "id=\"dmarc-verdict\"");
        assertThat(page.split("class=\"bar-pass\"", -1))
                .as("one bar per day with reports")
                .hasSize(9);
        assertThat(page).contains("<td class=\"mono\">2026-03-01</td>", "<td>636</td>");

        String csv = mvc.perform(get("/domains/{id}/aggregate-reports/sources.csv", domainId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.getFirst()).startsWith("source_ip,ptr_name,organisation,forward_confirmed,asn");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("198.18.21.20,out.crm-a21.test,crm-a21.test,true,")
                        .contains("PARTIAL,true", "Add ip4:198.18.21.20"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("198.18.21.70,").contains(",\"'=2+5\","));

        mvc.perform(get("/domains/{id}/aggregate-reports/sources.csv", domainId).with(as(otherOperator)))
                .andExpect(status().isNotFound());
    }

    @Test
    void tlsFailuresPerResultTypeAndOrganisationDecideWhetherMtaStsMayEnforce() throws Exception {
        for (int i = 0; i < 7; i++) {
            upload(HandWrittenReports.tls(
                    domain,
                    DAY1.plusDays(i),
                    1000,
                    i == 0
                            ? new String[] {"certificate-expired", "198.18.21.10", "mx1." + domain, "5"}
                            : new String[0]));
        }
        upload(HandWrittenReports.tls(
                domain,
                DAY1,
                0,
                "sts-policy-fetch-error",
                "198.18.21.50",
                "mx1." + domain,
                "2",
                "certificate-expired",
                "198.18.21.60",
                "mx1." + domain,
                "1"));
        awaitResolved("198.18.21.10", "198.18.21.50", "198.18.21.60");
        mvc.perform(get("/api/v1/tlsrpt/{id}/summary", domainId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.failed").value(8))
                .andExpect(jsonPath("$.coverage.reports").value(8))
                .andExpect(jsonPath("$.resultTypes[?(@.resultType == 'certificate-expired')].sessions")
                        .value(contains(6)))
                .andExpect(jsonPath("$.resultTypes[?(@.resultType == 'certificate-expired')].blocking")
                        .value(contains(true)))
                .andExpect(jsonPath("$.organisations[?(@.organisation == 'esp-a21.test'"
                                + " && @.resultType == 'certificate-expired')].sessions")
                        .value(contains(6)))
                .andExpect(jsonPath("$.organisations[?(@.organisation == 'bulk-a21.test')].resultType")
                        .value(contains("sts-policy-fetch-error")))
                .andExpect(jsonPath("$.verdict.state").value("NOT_READY"))
                .andExpect(jsonPath("$.verdict.reasons[*].code").value(hasItem("tlsBlocking")));

        String clean = ReportSamples.domainName("analysis-tls");
        long cleanId = domain(team, clean);
        for (int i = 0; i < 7; i++) {
            upload(HandWrittenReports.tls(clean, DAY1.plusDays(i), 1000));
        }
        mvc.perform(get("/api/v1/tlsrpt/{id}/summary", cleanId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-08")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict.state").value("READY"))
                .andExpect(jsonPath("$.verdict.successRate").value(1.0))
                .andExpect(jsonPath("$.verdict.reasons[*].code").value(contains("tlsReady")));
        mvc.perform(get("/api/v1/tlsrpt/{id}/summary", cleanId)
                        .param("from", "2026-03-01")
                        .param("to", "2026-03-03")
                        .with(as(operator)))
                .andExpect(jsonPath("$.verdict.state").value("NOT_ENOUGH_DATA"));
    }

    @Test
    void theOperatorsAsnDatabaseNamesTheAutonomousSystemOfASource(@TempDir Path dir) throws Exception {
        Path tsv = Files.writeString(dir.resolve("ip2asn-combined.tsv"), """
                1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET
                198.18.0.0\t198.18.255.255\t64500\tZZ\tBENCH-NET example
                198.19.0.0\t198.19.255.255\t0\tNone\tNot routed
                2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t64501\tZY\tDOC-V6
                this line is not a range
                """);
        ReportIntakeProperties withAsn = ReportIntakePropertiesTests.bind(Map.of(
                "mailward.reports.intake.asn-database",
                tsv.toString(),
                "mailward.reports.intake.ptr-view-deadline",
                "30s"));
        SourceNames names = new SourceNames(dns, jdbcClient, withAsn);
        try {
            assertThat(names.hasAsn()).isTrue();
            Map<String, SourceOrigin> origins = names.origins(List.of("198.18.21.10", "2001:db8::7", "198.19.0.1"));
            assertThat(origins.get("198.18.21.10"))
                    .isEqualTo(new SourceOrigin(
                            "mta.esp-a21.test", "esp-a21.test", true, 64500, "BENCH-NET example", "ZZ"));
            assertThat(origins.get("2001:db8::7").asn()).isEqualTo(64501);
            assertThat(origins.get("198.19.0.1").asn()).as("AS 0 is not routed").isZero();
        } finally {
            names.close();
        }
        SourceNames without = new SourceNames(dns, jdbcClient, ReportIntakePropertiesTests.bind(Map.of()));
        assertThat(without.hasAsn()).isFalse();
        without.close();
    }

    /**
     * Waits for the import's background resolution (a page resolves what is missing itself, but within a
     * deadline that a loaded build machine may miss; the figures are then "not resolved yet").
     */
    private void awaitResolved(String... ips) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            Integer done = jdbc.queryForObject(
                    "select count(*) from reportintake_source_name where outcome = 'OK' and ip = any (cast(? as inet[]))",
                    Integer.class,
                    (Object) ips);
            if (done != null && done == ips.length) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private void upload(byte[] report) throws Exception {
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(new MockMultipartFile("file", "report", "application/octet-stream", report))
                        .with(as(operator)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("STORED"));
    }

    private RequestPostProcessor as(UserView u) {
        return user(accounts.principal(u.username()));
    }

    private long domain(TeamRef team, String name) {
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id());
    }
}
