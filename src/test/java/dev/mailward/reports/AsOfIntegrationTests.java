package dev.mailward.reports;

import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** History over several days: a report as of a past date shows the results valid then, not the current ones. */
class AsOfIntegrationTests extends ReportsTestSupport {

    TeamRef team;
    UserView auditor;
    String name;
    String late;
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    Instant day(int daysAgo, int hour) {
        return today.minusDays(daysAgo).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    @BeforeEach
    void seedHistory() {
        team = accounts.team("asof");
        auditor = accounts.user("asof-auditor", Role.AUDITOR, team);
        name = AccountsTestSupport.unique("history") + ".test";
        long id = domain(name, team, day(10, 0));
        // day -5: SPF fails; day -3: it warns; day -1 (current): it passes. DMARC only since day -2.
        result(
                id,
                "spf",
                name,
                List.of(finding("SPF_NO_ALL", FAIL, "no all and no redirect", "spf-dkim")),
                "{}",
                day(5, 12),
                false);
        result(
                id,
                "spf",
                name,
                List.of(finding("SPF_LOOKUPS_NEAR_LIMIT", WARN, "8 lookups", "spf-dkim")),
                "{}",
                day(3, 12),
                false);
        result(
                id,
                "dmarc",
                name,
                List.of(finding("DMARC_OK", PASS, "p=reject", "layered-auth")),
                "{}",
                day(2, 12),
                true);
        result(id, "spf", name, List.of(finding("SPF_OK", PASS, "-all", "spf-dkim")), "{}", day(1, 12), true);
        // a domain first checked yesterday did not exist as of day -4
        late = AccountsTestSupport.unique("late") + ".test";
        long l = domain(late, team, day(1, 0));
        result(l, "spf", late, List.of(finding("SPF_OK", PASS, "-all", "spf-dkim")), "{}", day(1, 6), true);
    }

    @Test
    void resultsApiAnswersTheResultValidAtTheDate() throws Exception {
        mvc.perform(get("/api/v1/results")
                        .param("domain", name)
                        .param("asOf", today.minusDays(4).toString())
                        .with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].check").value("spf"))
                .andExpect(jsonPath("$.items[0].status").value("FAIL"))
                .andExpect(jsonPath("$.items[0].findings[0].code").value("SPF_NO_ALL"));
        mvc.perform(get("/api/v1/results")
                        .param("domain", name)
                        .param("asOf", today.minusDays(3).toString())
                        .with(as(auditor)))
                .andExpect(jsonPath("$.items[0].status").value("WARN"));
        mvc.perform(get("/api/v1/results").param("domain", name).with(as(auditor)))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].check").value("dmarc"))
                .andExpect(jsonPath("$.items[1].status").value("PASS"));
        // an instant between two results: the earlier one holds
        mvc.perform(get("/api/v1/results")
                        .param("domain", name)
                        .param("asOf", day(3, 11).toString())
                        .with(as(auditor)))
                .andExpect(jsonPath("$.items[0].status").value("FAIL"));
        // before the first check: nothing
        mvc.perform(get("/api/v1/results")
                        .param("domain", name)
                        .param("asOf", day(6, 0).toString())
                        .with(as(auditor)))
                .andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void csvReportAsOfAPastDateShowsThatDaysResults() throws Exception {
        JsonNode report = create(
                auditor,
                "{\"format\":\"CSV\",\"scope\":{\"kind\":\"team\",\"teamId\":" + team.id() + "},\"asOf\":\"" + day(4, 0)
                        + "\"}");
        assertThat(report.get("current").asBoolean()).isFalse();
        assertThat(report.get("domainCount").asInt()).isEqualTo(1);
        List<List<String>> rows = ReportCsvJsonIntegrationTests.parseCsv(
                new String(download(auditor, report.get("id").asLong()), StandardCharsets.UTF_8));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsSequence(name, team.name(), "spf", name, "FAIL", "SPF_NO_ALL");

        JsonNode now =
                create(auditor, "{\"format\":\"JSON\",\"scope\":{\"kind\":\"team\",\"teamId\":" + team.id() + "}}");
        JsonNode json = JSON.readTree(download(auditor, now.get("id").asLong()));
        assertThat(json.get("report").get("current").asBoolean()).isTrue();
        assertThat(json.get("domains")).hasSize(2);
        JsonNode first = json.get("domains").get(0).get("domain").asString().equals(name)
                ? json.get("domains").get(0)
                : json.get("domains").get(1);
        assertThat(first.get("results")).hasSize(2);
        assertThat(first.get("mitigations").get("spf-dkim").asString()).isEqualTo("PASS");
    }

    @Test
    void exceptionsCountOnlyWhileTheyWereInForce() throws Exception {
        long id = jdbc.queryForObject("select id from domain where a_label = ?", Long.class, name);
        exception(id, "spf", name, "SPF_NO_ALL", "accepted later", day(0, 0));
        JsonNode before = create(
                auditor,
                "{\"format\":\"JSON\",\"scope\":{\"kind\":\"domains\",\"domains\":[\"" + name + "\"]},\"asOf\":\""
                        + day(4, 0) + "\"}");
        JsonNode json = JSON.readTree(download(auditor, before.get("id").asLong()));
        JsonNode d = json.get("domains").get(0);
        assertThat(d.get("exceptions")).isEmpty();
        assertThat(d.get("mitigations").get("spf-dkim").asString()).isEqualTo("FAIL");
    }
}
