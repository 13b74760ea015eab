package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Rules;
import dev.mailward.dashboard.ScoreRefresher;
import dev.mailward.results.JudgingFamilies;
import dev.mailward.results.Results;
import dev.mailward.results.ResultsRejudged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rules can change without rescanning: each run stores its observation and the rules version of its
 * results; a result judged under other rules is compared with the previous observation judged under the
 * current ones (a rule change is no change of the domain); a re-judge judges the latest observations again
 * without the network, without change events, and the dashboard follows.
 */
@RecordApplicationEvents
class RejudgeIntegrationTests extends ScanningTestSupport {

    private static final String OLD_RULES_FAIL =
            "[{\"code\":\"SPF_OLD_RULE\",\"status\":\"FAIL\",\"message\":\"old\"," + "\"mitigation\":\"spf\"}]";

    @Autowired
    JudgingFamilies families;

    @Autowired
    ScoreRefresher refresher;

    @Autowired
    ApplicationEvents events;

    @Autowired
    Results results;

    @Test
    void eachRunStoresItsObservationAndRulesVersionAndOnlyTheLatestObservationIsKept() throws Exception {
        TeamRef team = accounts.team("rejudge");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("stored");
        // the MX is the scripted SMTP server: the observation holds a session with its transcript and certificates
        ProbeScanIntegrationTests.serveWithMx(name, "mx." + name);
        long id = domain(name, team, 1440, List.of());
        checkNow(id, operator, 1);
        checkNow(id, operator, 2);

        long latestRun = jdbc.queryForObject("select max(id) from check_run where domain_id = ?", Long.class, id);
        Map<String, Object> row = jdbc.queryForMap(
                "select run_id, format, rules_version, size_bytes, body, skipped "
                        + "from check_observation where domain_id = ?",
                id);
        assertThat(row.get("run_id")).isEqualTo(latestRun);
        assertThat(row.get("format")).isEqualTo(ObservationJson.FORMAT);
        assertThat(row.get("rules_version")).isEqualTo(Rules.VERSION);
        assertThat(row.get("skipped")).isNull();
        String body = (String) row.get("body");
        assertThat(row.get("size_bytes")).isEqualTo(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        // judged again from the stored JSON, the observation gives the results the run recorded
        ObservationJson json = new ObservationJson(families.families());
        var observation = json.decode(body);
        assertThat(observation.families()).extracting(f -> f.check()).contains("spf", "endpoints", "dane");
        assertThat(storedSummary("check_result where run_id = " + latestRun))
                .containsKey("certificate mx." + name + ":" + SMTP.port());
        assertThat(summary(CheckRunner.judge(observation, families.families()).results()))
                .isEqualTo(storedSummary("check_result where run_id = " + latestRun));
        assertThat(jdbc.queryForList(
                        "select distinct rules_version from check_result where run_id = ?", Integer.class, latestRun))
                .containsExactly(Rules.VERSION);
        assertThat(jdbc.queryForList(
                        "select distinct rules_version from current_result where domain_id = ?", Integer.class, id))
                .containsExactly(Rules.VERSION);
    }

    @Test
    void aRuleChangeIsNotReportedAsAChangeOfTheDomainButAChangeOfTheDomainStillIs() throws Exception {
        TeamRef team = accounts.team("rejudge");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("rules");
        serve(name, "v=spf1 mx -all");
        long id = domain(name, team, 1440, List.of());
        checkNow(id, operator, 1);

        // the recorded SPF result as older rules judged the same observation: FAIL
        judgedUnderOlderRules(id);
        checkNow(id, operator, 2);
        assertThat(changes(id)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select rules_version from current_result where domain_id = ? and " + "check_id = 'spf'",
                        Integer.class,
                        id))
                .isEqualTo(Rules.VERSION);

        // older rules again, and now the domain changes too: compared with the previous observation as the
        // current rules judge it (PASS), not with what the older rules said (FAIL)
        judgedUnderOlderRules(id);
        serve(name, "v=spf1 +all");
        checkNow(id, operator, 3);
        assertThat(changes(id)).singleElement().satisfies(c -> {
            assertThat(c.get("direction")).isEqualTo("WORSE");
            assertThat(c.get("old_status")).isEqualTo("PASS");
            assertThat(c.get("new_status")).isEqualTo("FAIL");
        });
    }

    @Test
    void withoutAPreviousObservationAResultJudgedUnderOtherRulesIsRecordedWithoutAChange() throws Exception {
        TeamRef team = accounts.team("rejudge");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("noobs");
        serve(name, "v=spf1 mx -all");
        long id = domain(name, team, 1440, List.of());
        checkNow(id, operator, 1);

        judgedUnderOlderRules(id);
        jdbc.update("delete from check_observation where domain_id = ?", id);
        serve(name, "v=spf1 mx ip4:192.0.2.99 -all");
        checkNow(id, operator, 2);

        assertThat(changes(id)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select status from current_result where domain_id = ? and check_id = 'spf'", String.class, id))
                .isEqualTo("PASS");
    }

    @Test
    void rejudgeJudgesTheLatestObservationsAgainWithoutTheNetworkOrChangeEventsAndTheDashboardFollows()
            throws Exception {
        TeamRef team = accounts.team("rejudge");
        UserView operator = user("op", Role.OPERATOR, team);
        UserView admin = user("admin", Role.ADMIN);
        String name = uniqueDomain("rejudge");
        serve(name, "v=spf1 mx -all");
        long id = domain(name, team, 1440, List.of());
        long unscanned = domain(uniqueDomain("unscanned"), team, 1440, List.of());
        checkNow(id, operator, 1);
        long scanRun = jdbc.queryForObject("select max(id) from check_run where domain_id = ?", Long.class, id);
        Map<String, String> scanned = storedSummary("current_result where domain_id = " + id);
        refresher.refresh(id);
        String statuses = scoreStatuses(id);

        // older rules passed everything the same observation shows
        jdbc.update(
                "update current_result set status = 'PASS', findings = '[]', rules_version = ? where domain_id = ?",
                Rules.VERSION - 1,
                id);
        refresher.refresh(id);
        assertThat(scoreStatuses(id)).isNotEqualTo(statuses);
        int queries = DNS.queryCount();
        long sessions = SMTP.received().size();
        int changesBefore = changes(id).size();

        String answer = mvc.perform(
                        post("/api/v1/results/rejudge").with(as(admin)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        JsonNode counts = JsonMapper.builder().build().readTree(answer);
        assertThat(counts.get("rejudged").asInt()).isPositive();
        assertThat(counts.get("withoutObservation").asInt()).isPositive();
        assertThat(counts.get("undecodable").asInt()).isZero();
        assertThat(counts.get("rulesVersion").asInt()).isEqualTo(Rules.VERSION);
        assertThat(counts.get("domains").asInt())
                .isEqualTo(counts.get("rejudged").asInt()
                        + counts.get("withoutObservation").asInt());

        // a new run judged from the stored observation: the results the scan recorded, under the current rules
        Map<String, Object> run = jdbc.queryForMap(
                "select id, trigger, finished_at from check_run where domain_id = ? " + "order by id desc limit 1", id);
        assertThat(run.get("trigger")).isEqualTo("REJUDGE");
        assertThat(run.get("finished_at")).isNotNull();
        assertThat(storedSummary("current_result where domain_id = " + id)).isEqualTo(scanned);
        assertThat(storedSummary("check_result where run_id = " + run.get("id")))
                .isEqualTo(scanned);
        String rows = "select check_id, target, dns_hash, evidence::text, checked_at, elapsed_ms from check_result "
                + "where run_id = ? order by check_id, target";
        assertThat(jdbc.queryForList(rows, run.get("id"))).isEqualTo(jdbc.queryForList(rows, scanRun));
        assertThat(jdbc.queryForList(
                        "select distinct rules_version from current_result where domain_id = ?", Integer.class, id))
                .containsExactly(Rules.VERSION);
        assertThat(jdbc.queryForObject("select run_id from check_observation where domain_id = ?", Long.class, id))
                .isEqualTo(scanRun);
        // a re-judge is no scan: the domain's last scan stays the scan's
        assertThat(results.lastScan(id))
                .contains(jdbc.queryForObject(
                                "select finished_at from check_run where id = ?", java.sql.Timestamp.class, scanRun)
                        .toInstant());
        // no domain without an observation got a run
        assertThat(jdbc.queryForObject("select count(*) from check_run where domain_id = ?", Integer.class, unscanned))
                .isZero();

        // no network, no change events
        assertThat(DNS.queryCount()).isEqualTo(queries);
        assertThat(SMTP.received()).hasSize((int) sessions);
        assertThat(changes(id)).hasSize(changesBefore);

        // the dashboard follows at once (the event, not the 30 s background pass), and the re-judge is audited
        assertThat(events.stream(ResultsRejudged.class).flatMap(e -> e.domainIds().stream()))
                .contains(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.equals(scoreStatuses(id)));
        assertThat(jdbc.queryForList(
                        "select detail from audit_log where action = 'results.rejudged' and actor = ?",
                        String.class,
                        admin.username()))
                .singleElement()
                .asString()
                .contains("rejudged=" + counts.get("rejudged").asInt(), "undecodable=0");
    }

    @Test
    void theConsoleActionReJudgesAndSaysHowMany() throws Exception {
        UserView admin = user("admin", Role.ADMIN);
        UserView auditor = user("aud", Role.AUDITOR, accounts.team("rejudge"));
        assertThat(mvc.perform(get("/changes").with(as(admin)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains(
                        "id=\"rejudge\"",
                        "action=\"/changes/rejudge\"",
                        "data-confirm=\"Judge ",
                        "Re-judge under the current rules",
                        "name=\"_csrf\"");
        assertThat(mvc.perform(get("/changes").with(as(auditor)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain("/changes/rejudge");
        mvc.perform(post("/changes/rejudge").with(as(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/changes"))
                .andExpect(flash().attribute(
                                "flash",
                                Matchers.allOf(
                                        Matchers.startsWith("Re-judged "),
                                        Matchers.containsString("under rules version " + Rules.VERSION))));
        UserView operator = user("op", Role.OPERATOR, accounts.team("rejudge"));
        mvc.perform(post("/changes/rejudge").with(as(operator)).with(csrf())).andExpect(status().isForbidden());
    }

    /** The domain's SPF result as if older rules had judged the same observation as FAIL. */
    private void judgedUnderOlderRules(long id) {
        assertThat(jdbc.update(
                        "update current_result set status = 'FAIL', findings = cast(? as jsonb), "
                                + "rules_version = ? where domain_id = ? and check_id = 'spf'",
                        OLD_RULES_FAIL,
                        Rules.VERSION - 1,
                        id))
                .isEqualTo(1);
    }

    private void checkNow(long id, UserView user, int runs) throws Exception {
        mvc.perform(post("/domains/{id}/check", id).with(as(user)).with(csrf())).andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from check_run where domain_id = ? and finished_at is not null",
                                Integer.class,
                                id)
                        == runs);
    }

    private List<Map<String, Object>> changes(long id) {
        return jdbc.queryForList(
                "select direction, old_status, new_status from change_event where domain_id = ? "
                        + "and check_id = 'spf' order by id desc",
                id);
    }

    private String scoreStatuses(long id) {
        return jdbc
                .queryForList(
                        "select statuses || ':' || coalesce(score, -1) from domain_score where domain_id = ?",
                        String.class,
                        id)
                .stream()
                .findFirst()
                .orElse("");
    }

    /** (check, target) → status and finding codes of stored results. */
    private Map<String, String> storedSummary(String fromWhere) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("select check_id, target, status, findings::text from " + fromWhere, rs -> {
            JsonNode findings = JsonMapper.builder().build().readTree(rs.getString(4));
            List<String> codes = new java.util.ArrayList<>();
            findings.forEach(f ->
                    codes.add(f.get("code").asString() + ":" + f.get("status").asString()));
            codes.sort(null);
            out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3) + " " + codes);
        });
        return out;
    }

    private static Map<String, String> summary(List<CheckResult> results) {
        Map<String, String> out = new TreeMap<>();
        for (CheckResult r : results) {
            List<String> codes = new java.util.ArrayList<>(r.findings().stream()
                    .map(f -> f.code() + ":" + f.status().name())
                    .toList());
            codes.sort(null);
            out.put(
                    r.check() + " " + (r.target().length() > 512 ? r.target().substring(0, 511) + "…" : r.target()),
                    r.status().name() + " " + codes);
        }
        return out;
    }
}
