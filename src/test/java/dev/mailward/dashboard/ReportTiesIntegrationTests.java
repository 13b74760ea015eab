package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.reportintake.ReportRowsFixture;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the DMARC and TLS reports say, where the rest of the console shows it: the {@code layered-auth} and
 * {@code tls} guides of a domain (the last 30 days, or how to publish {@code rua=} without reports), the SPF
 * record of the {@code spf-dkim} guide naming the senders seen with a valid DKIM signature only when asked, and
 * the pass rates across the user's domains on the {@code layered-auth} and {@code tls} mitigation pages, never
 * another team's.
 */
class ReportTiesIntegrationTests extends DashboardTestSupport {

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private String name;
    private long domainId;
    private String quiet;
    private long quietId;
    private UserView operator;
    private UserView stranger;

    @BeforeEach
    void seedReports() {
        TeamRef team = accounts.team("Ties team");
        TeamRef other = accounts.team("Ties other team");
        operator = accounts.user("ties-operator", Role.OPERATOR, team);
        stranger = accounts.user("ties-stranger", Role.AUDITOR, other);
        name = unique("ties");
        domainId = seed().domain(name, team.id(), List.of());
        quiet = unique("quiet");
        quietId = seed().domain(quiet, team.id(), List.of());
        long strangersDomain = seed().domain(unique("strange"), other.id(), List.of());
        results(domainId, name);
        results(quietId, quiet);
        ReportRowsFixture reports = new ReportRowsFixture(jdbc);
        // 900 pass with both, 60 with DKIM only (a sender missing from SPF), 40 fail both (spoofing)
        reports.dmarc(domainId, name, today.minusDays(2), "192.0.2.25", 900, true, true);
        reports.dmarc(domainId, name, today.minusDays(2), "203.0.113.10", 50, true, false);
        reports.dmarc(domainId, name, today.minusDays(1), "203.0.113.11", 10, true, false);
        reports.dmarc(domainId, name, today.minusDays(1), "198.51.100.66", 40, false, false);
        // older than 30 days: not counted
        reports.dmarc(domainId, name, today.minusDays(40), "198.51.100.77", 5000, false, false);
        reports.tls(domainId, name, today.minusDays(3), 95, 3, "certificate-expired");
        reports.tls(domainId, name, today.minusDays(2), 100, 2, "starttls-not-supported");
        reports.tls(domainId, name, today.minusDays(1), 0, 4, "certificate-expired");
        // another team's domain passes nothing: never in this team's figures
        reports.dmarc(strangersDomain, "strange.test", today.minusDays(1), "198.51.100.1", 1000, false, false);
    }

    @Test
    void theDmarcGuideOfADomainSaysWhatTheReportsOfTheLast30DaysSay() throws Exception {
        String html = section(page("/mitigations/layered-auth/guide?domain=" + domainId, operator), "domain-reports");
        assertThat(html)
                .contains("id=\"dmarc-report-figures\"", ">1000<", "96 %", "1 source: see the domain&#39;s reports")
                .contains("href=\"/domains/" + domainId + "/aggregate-reports?from=" + today.minusDays(29) + "&amp;to="
                        + today + "\"")
                .doesNotContain("5000", "dmarc-reports-none");
    }

    @Test
    void withoutReportsTheGuidesSayHowToPublishRuaForTheDomain() throws Exception {
        String dmarc = section(page("/mitigations/layered-auth/guide?domain=" + quietId, operator), "domain-reports");
        assertThat(dmarc)
                .contains("id=\"dmarc-reports-none\"", "No DMARC aggregate report about " + quiet)
                .contains("_dmarc." + quiet + ". IN TXT &quot;v=DMARC1; p=none; rua=mailto:dmarc-reports@" + quiet);
        String tls = section(page("/mitigations/tls/guide?domain=" + quietId, operator), "domain-reports");
        assertThat(tls)
                .contains("id=\"tls-reports-none\"")
                .contains("_smtp._tls." + quiet + ". IN TXT &quot;v=TLSRPTv1; rua=mailto:tls-reports@" + quiet);
    }

    @Test
    void aDomainThatPublishesItsRecordIsToldToCheckItsRuaNotHandedARecord() throws Exception {
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'MANUAL', now(), now(), 'PASS') returning id",
                Long.class,
                quietId);
        result(
                quietId,
                run,
                "tls-rpt",
                quiet,
                "[{\"code\":\"TLSRPT_VALID\",\"status\":\"PASS\",\"message\":\"valid\",\"mitigation\":\"tls\"}]",
                "{}");
        String tls = section(page("/mitigations/tls/guide?domain=" + quietId, operator), "domain-reports");
        assertThat(tls)
                .contains("although " + quiet + " publishes a TLS-RPT record", "rua=mailto:tls-reports@" + quiet)
                .doesNotContain("_smtp._tls." + quiet);
    }

    @Test
    void theTlsGuideShowsSessionsAndTheMostFrequentFailureTypes() throws Exception {
        String html = section(page("/mitigations/tls/guide?domain=" + domainId, operator), "domain-reports");
        assertThat(html).contains("id=\"tls-report-figures\"", ">195<", ">9<");
        String types = html.substring(html.indexOf("id=\"tls-result-types\""));
        assertThat(types.indexOf("certificate-expired"))
                .as("7 sessions before 2")
                .isLessThan(types.indexOf("starttls-not-supported"));
        assertThat(types).contains("7 sessions", "2 sessions");
    }

    @Test
    void theSpfRecordNamesTheSendersSeenWithDkimOnlyWhenAsked() throws Exception {
        String plain = page("/mitigations/spf-dkim/guide?domain=" + domainId, operator);
        assertThat(plain)
                .contains("id=\"spf-report-senders\"", "Add the 2 sources seen in DMARC reports")
                .doesNotContain("ip4:203.0.113.10");
        String asked = page("/mitigations/spf-dkim/guide?domain=" + domainId + "&reportSenders=true", operator);
        String fixes = section(asked, "fixes");
        // 203.0.113.10 and .11 are not siblings (.10/.11 are: 203.0.113.10/31)
        assertThat(fixes)
                .contains("ip4:203.0.113.10/31")
                .contains("seen in DMARC reports, sending with a valid DKIM signature")
                .doesNotContain("198.51.100.66", "198.51.100.77", "192.0.2.25 ");
        assertThat(asked).contains("name=\"reportSenders\" value=\"true\" checked");
    }

    @Test
    void theMitigationPagesShowThePassRatesAcrossTheTeamsDomainsOnly() throws Exception {
        String dmarc = section(page("/mitigations/layered-auth", operator), "report-rates");
        assertThat(dmarc)
                .contains("DMARC pass rate 96 %: 960 of 1,000 messages passed DMARC.")
                .contains(name, "96 % of 1,000 messages passed")
                .doesNotContain("strange");
        String tls = section(page("/mitigations/tls", operator), "report-rates");
        assertThat(tls)
                .contains("TLS success rate 95 %: 195 sessions succeeded, 9 failed.")
                .contains(name + "</a>", "9 of 204 sessions failed (certificate-expired, starttls-not-supported)");
        // the other team sees its own domain only
        assertThat(section(page("/mitigations/layered-auth", stranger), "report-rates"))
                .contains("0 of 1,000 messages passed DMARC")
                .doesNotContain(name);
    }

    @Test
    void anotherTeamsDomainGuideIsNotFound() throws Exception {
        mvc.perform(get("/mitigations/layered-auth/guide?domain=" + domainId).with(as(stranger)))
                .andExpect(status().isNotFound());
    }

    private String page(String path, UserView user) throws Exception {
        return mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** The element with the id, up to the first {@code </section>} after it (the end of the sections asked for). */
    private static String section(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("#" + id + " on the page").isNotNegative();
        int end = html.indexOf("</section>", at);
        return html.substring(at, end < 0 ? html.length() : end);
    }

    /** An mx result (one MX host) and a passing SPF result, so the spf-dkim guide can build a record. */
    private void results(long domain, String domainName) {
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'MANUAL', now(), now(), 'PASS') returning id",
                Long.class,
                domain);
        result(
                domain,
                run,
                "mx",
                domainName,
                "[{\"code\":\"MX_OK\",\"status\":\"PASS\",\"message\":\"ok\",\"mitigation\":\"dnssec-dane\"}]",
                "{\"mxHosts\":[{\"preference\":10,\"host\":\"mail." + domainName
                        + "\",\"addresses\":[\"192.0.2.25\"]}]}");
        result(
                domain,
                run,
                "spf",
                domainName,
                "[{\"code\":\"SPF_ALL_ENFORCED\",\"status\":\"PASS\",\"message\":\"-all\",\"mitigation\":\"spf-dkim\"}]",
                "{\"spfTree\":{\"domain\":\"" + domainName + "\",\"record\":\"v=spf1 mx -all\"}}");
    }

    private void result(long domain, long run, String check, String target, String findings, String evidence) {
        Timestamp at = Timestamp.from(Instant.now());
        Long id = jdbc.queryForObject(
                "insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, dns_hash, "
                        + "checked_at, elapsed_ms) values (?, ?, ?, ?, 'PASS', cast(? as jsonb), cast(? as jsonb), '', ?, 5) "
                        + "returning id",
                Long.class,
                run,
                domain,
                check,
                target,
                findings,
                evidence,
                at);
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence, "
                        + "dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, 'PASS', cast(? as jsonb), "
                        + "cast(? as jsonb), '', ?, 5)",
                domain,
                check,
                target,
                id,
                run,
                findings,
                evidence,
                at);
    }
}
