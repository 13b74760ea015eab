package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read model and the dashboard pages over seeded results, with team scoping. */
class DashboardIntegrationTests extends DashboardTestSupport {

    TeamRef teamA;
    TeamRef teamB;
    UserView operatorA;
    UserView admin;
    String good;
    String bad;
    String other;
    long goodId;
    long badId;
    long otherId;

    @BeforeEach
    void seedTwoTeams() {
        teamA = accounts.team("dash-a");
        teamB = accounts.team("dash-b");
        operatorA = accounts.user("dash-op", Role.OPERATOR, teamA);
        admin = accounts.user("dash-admin", Role.ADMIN);
        good = unique("good");
        bad = unique("bad");
        other = unique("other");
        DashboardSeed s = seed();
        goodId = s.domain(good, teamA.id(), List.of("prod"));
        badId = s.domain(bad, teamA.id(), List.of("lab"));
        otherId = s.domain(other, teamB.id(), List.of("prod"));
        s.results(
                goodId,
                good,
                Map.of(
                        Mitigation.SPF_DKIM,
                        Status.PASS,
                        Mitigation.LAYERED_AUTH,
                        Status.PASS,
                        Mitigation.TLS,
                        Status.PASS,
                        Mitigation.DNSSEC_DANE,
                        Status.PASS),
                5,
                200);
        s.results(
                badId,
                bad,
                Map.of(
                        Mitigation.SPF_DKIM,
                        Status.PASS,
                        Mitigation.LAYERED_AUTH,
                        Status.WARN,
                        Mitigation.TLS,
                        Status.PASS,
                        Mitigation.DNSSEC_DANE,
                        Status.FAIL),
                5,
                5);
        s.results(otherId, other, Map.of(Mitigation.DNSSEC_DANE, Status.FAIL), 2, 1);
        refresher.refresh(goodId);
        refresher.refresh(badId);
        refresher.refresh(otherId);
    }

    @Test
    void scoresEachDomainFromItsCurrentResultsAndBackfillsTheTrendFromHistory() {
        Map<String, Object> row =
                jdbc.queryForMap("select score, statuses from domain_score where domain_id = ?", badId);
        String letters = (String) row.get("statuses");
        assertThat(letters).hasSize(13);
        assertThat(letters.charAt(Mitigation.DNSSEC_DANE.ordinal())).isEqualTo('F');
        assertThat(letters.charAt(Mitigation.LAYERED_AUTH.ordinal())).isEqualTo('W');
        assertThat(letters.charAt(Mitigation.SIEVE.ordinal())).isEqualTo('M');
        assertThat(jdbc.queryForObject("select score from domain_score where domain_id = ?", Integer.class, goodId))
                .isEqualTo(100);
        assertThat(((Number) row.get("score")).intValue()).isBetween(1, 99);
        // five days: the three older ones with TLS failing score lower than the last two
        List<Integer> daily = jdbc.queryForList(
                "select score from domain_score_daily where domain_id = ? order by day", Integer.class, goodId);
        assertThat(daily).hasSize(5);
        assertThat(daily.getFirst()).isLessThan(daily.getLast());
    }

    @Test
    void portfolioShowsOnlyTheOperatorsTeams() throws Exception {
        String page = mvc.perform(get("/dashboard").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(good)
                .contains(bad)
                .doesNotContain(other)
                .contains("chart-histogram")
                .contains("data-chart=");
        String adminPage = mvc.perform(get("/dashboard")
                        .param("team", String.valueOf(teamB.id()))
                        .with(as(admin)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(adminPage).contains(other).doesNotContain(good);
    }

    @Test
    void portfolioLinksWebJarsWithTheirVersionAndPagesAsTheyAre() throws Exception {
        String page = mvc.perform(get("/dashboard").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // static resources still go through the resource chain (the WebJar gets its version), page links do not
        assertThat(page)
                .containsPattern("src=\"/webjars/chart\\.js/\\d+\\.\\d+\\.\\d+/dist/chart\\.umd\\.js\"")
                .contains("href=\"/domains/" + goodId + "/dashboard\"");
    }

    @Test
    void matrixFiltersByMitigationAndStatusWithTextForScreenReaders() throws Exception {
        String page = mvc.perform(get("/dashboard")
                        .param("team", String.valueOf(teamA.id()))
                        .param("mitigation", "dnssec-dane")
                        .param("status", "FAIL")
                        .with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(bad)
                .doesNotContain(good)
                .contains("1 domain matches")
                .contains("<span class=\"sr\">Fail</span>");
        String byTag = mvc.perform(get("/dashboard").param("tag", "prod").with(as(operatorA)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(byTag).contains(good).doesNotContain(bad);
    }

    @Test
    void domainDashboardExplainsTheScoreAndHidesOtherTeams() throws Exception {
        String page = mvc.perform(get("/domains/{id}/dashboard", badId).with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Score = (")
                .contains("TEST_DNSSEC_DANE_FAIL")
                .contains("/mitigations/dnssec-dane/guide?domain=" + badId)
                .contains("id=\"timeline\"")
                .contains("/domains/" + badId + "/check");
        mvc.perform(get("/domains/{id}/dashboard", otherId).with(as(operatorA))).andExpect(status().isNotFound());
    }

    @Test
    void mitigationPageListsFailingDomainsOfTheUsersTeamsOnly() throws Exception {
        String page = mvc.perform(get("/mitigations/dnssec-dane").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(bad)
                .doesNotContain(good)
                .doesNotContain(other)
                .contains("/mitigations/dnssec-dane/guide");
        mvc.perform(get("/mitigations/nope").with(as(operatorA))).andExpect(status().isNotFound());
    }

    @Test
    void mitigationPageGivesAsReasonNoFindingAnExceptionAccepts() throws Exception {
        // the failure is accepted; a warning of the same mitigation is not: the warning is the reason now
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence, "
                        + "dns_hash, checked_at, elapsed_ms) values (?, 'a-first', ?, 0, 0, 'WARN', ?::jsonb, '{}'::jsonb, '', now(), 1)",
                badId,
                bad,
                "[{\"code\":\"TEST_DNSSEC_ALSO_WARN\",\"status\":\"WARN\",\"message\":\"seeded warning, not accepted\","
                        + "\"mitigation\":\"dnssec-dane\"}]");
        seed().accept(badId, "t-dnssec-dane", bad, "TEST_DNSSEC_DANE_FAIL");
        refresher.refresh(badId);
        String page = mvc.perform(get("/mitigations/dnssec-dane").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String row = page.substring(page.indexOf(bad), page.indexOf("</tr>", page.indexOf(bad)));
        assertThat(row)
                .contains("seeded warning, not accepted")
                .contains("TEST_DNSSEC_ALSO_WARN")
                .doesNotContain("seeded dnssec-dane fail");
    }

    @Test
    void mitigationPageSaysWhyEachDomainFailsByItsWorstFinding() throws Exception {
        // a warning of the same mitigation from a check sorted before the failing one: the failure is the reason
        String warning =
                "[{\"code\":\"TEST_DNSSEC_ALSO_WARN\",\"status\":\"WARN\",\"message\":\"seeded warning first\","
                        + "\"mitigation\":\"dnssec-dane\"},{\"code\":\"TEST_OTHER\",\"status\":\"FAIL\",\"message\":\"other mitigation\","
                        + "\"mitigation\":\"tls\"}]";
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence, "
                        + "dns_hash, checked_at, elapsed_ms) values (?, 'a-first', ?, 0, 0, 'FAIL', ?::jsonb, '{}'::jsonb, '', now(), 1)",
                badId,
                bad,
                warning);
        String page = mvc.perform(get("/mitigations/dnssec-dane").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String row = page.substring(page.indexOf(bad), page.indexOf("</tr>", page.indexOf(bad)));
        assertThat(row)
                .contains("seeded dnssec-dane fail")
                .contains("TEST_DNSSEC_DANE_FAIL")
                .doesNotContain("seeded warning first")
                .doesNotContain("other mitigation");
        String warned = mvc.perform(get("/mitigations/layered-auth").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(warned).contains("seeded layered-auth warn").contains("TEST_LAYERED_AUTH_WARN");
    }

    @Test
    void topFindingMessagesAreShortenedAtAWord() {
        String longMessage = "word ".repeat(60).strip();
        String shortened = new MitigationDomains.TopFinding("X", Status.FAIL, longMessage).shortMessage();
        assertThat(shortened).endsWith("word…").hasSizeLessThanOrEqualTo(MitigationDomains.SHORT_MESSAGE + 1);
        assertThat(new MitigationDomains.TopFinding("X", Status.FAIL, "short").shortMessage())
                .isEqualTo("short");
    }

    @Test
    void matrixCellsLinkToTheDomainsGuideForThatMitigation() throws Exception {
        String page = mvc.perform(get("/dashboard")
                        .param("team", String.valueOf(teamA.id()))
                        .with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String link = "<a class=\"cell cell-FAIL\" href=\"/mitigations/dnssec-dane/guide?domain=" + badId + "\"";
        assertThat(page).contains(link).contains("href=\"/mitigations/spf-dkim/guide?domain=" + goodId + "\"");
        String guide = mvc.perform(get("/mitigations/dnssec-dane/guide")
                        .param("domain", String.valueOf(badId))
                        .with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(guide).contains(bad).contains("TEST_DNSSEC_DANE_FAIL");
    }

    @Test
    void certificatesAreListedSoonestExpiryFirstWithTheCheckVerdict() throws Exception {
        String page = mvc.perform(get("/certificates").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("CN=mx." + bad).contains("CN=mx." + good).doesNotContain("CN=mx." + other);
        assertThat(page.indexOf("CN=mx." + bad)).isLessThan(page.indexOf("CN=mx." + good));
        // 5 days left of 95: the certificate check says FAIL (under a tenth of the lifetime), and so does the page
        String badRow = row(page, "CN=mx." + bad);
        assertThat(badRow).contains("status-FAIL", "expires within days", "name matches", "trusted chain");
        assertThat(row(page, "CN=mx." + good)).contains("status-PASS", "valid").doesNotContain("status-WARN");
    }

    @Test
    void aCertificatePresentedByTwoEndpointsIsOneRowWithEachEndpointsVerdict() throws Exception {
        DashboardSeed s = seed();
        java.time.Instant now = java.time.Instant.now();
        String sha = "ab".repeat(32);
        String subject = "CN=selfsigned." + good;
        s.certificate(
                goodId,
                "mail." + good + ":25",
                subject,
                sha,
                now.minus(java.time.Duration.ofDays(10)),
                now.plus(java.time.Duration.ofDays(355)),
                Map.of("CERT_NAME_OK", Status.PASS, "CERT_SELF_SIGNED", Status.WARN, "CERT_VALIDITY_OK", Status.PASS));
        s.certificate(
                goodId,
                "mail." + good + ":587",
                subject,
                sha,
                now.minus(java.time.Duration.ofDays(10)),
                now.plus(java.time.Duration.ofDays(355)),
                Map.of("CERT_NAME_OK", Status.PASS, "CERT_SELF_SIGNED", Status.FAIL, "CERT_VALIDITY_OK", Status.PASS));
        refresher.refresh(goodId);

        String page = mvc.perform(get("/certificates").with(as(operatorA)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page.split("data-sha256=\"" + sha + "\"", -1))
                .as("one row for the certificate")
                .hasSize(2);
        String row = row(page, subject);
        assertThat(row).contains("mail." + good + ":25", "mail." + good + ":587", "self-signed");
        // the row takes the worst endpoint's status: self-signed on submission, where clients validate
        assertThat(row.substring(0, row.indexOf("mail." + good))).contains("status-FAIL");
        assertThat(row.substring(row.indexOf(":25"), row.indexOf(":587"))).contains("status-WARN");
    }

    /** The table row of {@code page} that holds {@code text}. */
    private static String row(String page, String text) {
        int at = page.indexOf(text);
        assertThat(at).as("page shows " + text).isNotNegative();
        int start = page.lastIndexOf("<tr", at);
        int end = page.indexOf("</tr>", at);
        return page.substring(start, end);
    }

    @Test
    void homeOpensTheDashboard() throws Exception {
        mvc.perform(get("/").with(as(operatorA)))
                .andExpect(status().is3xxRedirection())
                .andExpect(
                        org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/dashboard"));
    }
}
