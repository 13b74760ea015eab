package dev.mailward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Rules;
import dev.mailward.checks.Status;
import dev.mailward.configaudit.ConfigAudit;
import dev.mailward.configaudit.ConfigBundle;
import dev.mailward.results.Results;
import dev.mailward.results.RunRecord;
import dev.mailward.results.ScanTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One results JSON shape on every surface ({@code checks.ResultsJson}): one {@link CheckResult},
 * recorded through the record stage, is the same object for the shared fields (same names, same
 * order, same values) in the CLI's JSON, in {@code /api/v1/results} and in the JSON report; and the
 * configuration audit's findings on {@code /api/v1/servers/{id}/config} are the CLI's findings of the
 * same audit, with only {@code lines} and {@code fix} beside them.
 */
@MailwardIntegrationTest
class ResultsShapeIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FINDING = List.of("code", "status", "message", "mitigation");

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Results results;

    @Test
    void oneResultIsTheSameObjectInTheCliTheApiAndTheJsonReport() throws Exception {
        TeamRef team = accounts.team("shape");
        UserView auditor = accounts.user("shape-aud", Role.AUDITOR, team);
        String domain = AccountsTestSupport.unique("shape").toLowerCase() + ".test";
        long domainId = domain(domain, team);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        CheckResult result = CheckResult.of(
                "mta-sts",
                domain,
                List.of(
                        new Finding(
                                "MTASTS_POLICY_MISSING",
                                Status.FAIL,
                                "no policy at https://mta-sts." + domain + "/.well-known/mta-sts.txt (\"404\")",
                                "mta-sts"),
                        new Finding("MTASTS_TXT_PRESENT", Status.PASS, "v=STSv1; id=20261127", "mta-sts")),
                Evidence.builder()
                        .http(new Evidence.HttpExchange(
                                "https://mta-sts." + domain + "/.well-known/mta-sts.txt",
                                "192.0.2.7",
                                404,
                                List.of("content-type: text/plain"),
                                "not found",
                                null))
                        .transcript(List.of(new Evidence.TranscriptLine(12, "*", "TLS handshake done")))
                        .detail("policy", Map.of("mode", "enforce", "maxAge", 86400))
                        .build(),
                at,
                Duration.ofMillis(37));
        long run = results.startRun(domainId, ScanTrigger.MANUAL, at, "shape-test");
        results.record(new RunRecord(
                run, domainId, domain, List.of(result), new DomainObservation(domain, at, List.of()), Rules.VERSION));

        JsonNode cliReport = JSON.readTree(ReportJson.toJson(new DomainReport(domain, at, List.of(result))));
        JsonNode cli = cliReport.get("results").get(0);
        assertThat(names(cli)).containsExactly("check", "target", "status", "findings", "evidence", "elapsedMs");

        JsonNode page = JSON.readTree(mvc.perform(get("/api/v1/results")
                        .param("domain", domain)
                        .with(user(accounts.principal(auditor.username()))))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(page.get("items")).hasSize(1);
        JsonNode api = page.get("items").get(0);
        assertThat(names(api)).containsExactly("domain", "check", "target", "status", "findings", "checkedAt");
        assertShared(api, cli, "check", "target", "status", "findings");
        api.get("findings").forEach(f -> assertThat(names(f)).isEqualTo(FINDING));
        assertThat(api.get("domain")).isEqualTo(cliReport.get("domain"));
        assertThat(api.get("checkedAt")).isEqualTo(cliReport.get("checkedAt"));

        MockHttpServletResponse created = mvc.perform(post("/api/v1/reports")
                        .with(user(accounts.principal(auditor.username())))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"format\":\"JSON\",\"scope\":{\"kind\":\"domains\",\"domains\":[\"" + domain
                                + "\"]}}"))
                .andReturn()
                .getResponse();
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        long reportId = JSON.readTree(created.getContentAsString()).get("id").asLong();
        JsonNode report = JSON.readTree(mvc.perform(get("/api/v1/reports/" + reportId + "/download")
                        .with(user(accounts.principal(auditor.username()))))
                .andReturn()
                .getResponse()
                .getContentAsByteArray());
        JsonNode reported = report.get("domains").get(0);
        assertThat(reported.get("domain")).isEqualTo(cliReport.get("domain"));
        JsonNode row = reported.get("results").get(0);
        assertThat(names(row)).containsExactly("check", "target", "status", "checkedAt", "findings", "evidence");
        assertThat(row.get("checkedAt")).isEqualTo(cliReport.get("checkedAt"));
        assertShared(row, cli, "check", "target", "status", "evidence");
        assertThat(row.get("findings")).hasSize(cli.get("findings").size());
        for (int i = 0; i < cli.get("findings").size(); i++) {
            JsonNode f = row.get("findings").get(i);
            assertThat(names(f)).containsExactly("code", "status", "message", "mitigation", "accepted");
            assertShared(f, cli.get("findings").get(i), FINDING.toArray(String[]::new));
        }
    }

    @Test
    void theConfigAuditsFindingsAreTheCliFindingsOfTheSameAuditWithLinesAndFixBeside() throws Exception {
        TeamRef team = accounts.team("shape-cfg");
        UserView operator = accounts.user("shape-op", Role.OPERATOR, team);
        String hostname = "mx." + AccountsTestSupport.unique("shape").toLowerCase() + ".test";
        long serverId = jdbc.queryForObject(
                "insert into mail_server (hostname, team_id, discovered, created_at, "
                        + "updated_at) values (?, ?, false, now(), now()) returning id",
                Long.class,
                hostname,
                team.id());
        String postconf =
                "mynetworks = 0.0.0.0/0\nsmtpd_relay_restrictions = permit\nsmtpd_tls_security_level = none\n";

        MockHttpServletResponse r = mvc.perform(post("/api/v1/servers/{id}/config", serverId)
                        .with(httpBasic(operator.username(), AccountsTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("postconf", postconf))))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(201);
        JsonNode findings = JSON.readTree(r.getContentAsString()).get("findings");

        CheckResult audit = ConfigAudit.audit(ConfigBundle.of(hostname, postconf, null, null, null));
        JsonNode cli = JSON.readTree(ReportJson.toJson(new DomainReport(hostname, Instant.now(), List.of(audit))))
                .get("results")
                .get(0)
                .get("findings");
        assertThat(findings).hasSize(cli.size()).hasSizeGreaterThan(1);

        List<Map<String, JsonNode>> shared = new ArrayList<>();
        for (JsonNode f : findings) {
            List<String> names = names(f);
            assertThat(names.subList(0, FINDING.size())).as(f.toString()).isEqualTo(FINDING);
            assertThat(names.subList(FINDING.size(), names.size()))
                    .as(f.toString())
                    .isSubsetOf("lines", "fix");
            shared.add(fields(f, FINDING));
        }
        List<Map<String, JsonNode>> expected = new ArrayList<>();
        for (JsonNode f : cli) {
            assertThat(names(f)).isEqualTo(FINDING);
            expected.add(fields(f, FINDING));
        }
        Comparator<Map<String, JsonNode>> byCodeAndMessage = Comparator.comparing(
                        (Map<String, JsonNode> m) -> m.get("code").asString())
                .thenComparing(m -> m.get("message").asString());
        shared.sort(byCodeAndMessage);
        expected.sort(byCodeAndMessage);
        assertThat(shared).isEqualTo(expected);
    }

    @Test
    void theOpenApiDocumentShowsTheSharedFieldsInlineBesideEachSurfacesOwn() throws Exception {
        UserView auditor = accounts.user("shape-doc", Role.AUDITOR);
        JsonNode schemas = JSON.readTree(
                        mvc.perform(get("/v3/api-docs").with(user(accounts.principal(auditor.username()))))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                .get("components")
                .get("schemas");
        assertThat(names(schemas.get("Result").get("properties")))
                .containsExactly("domain", "check", "target", "status", "findings", "checkedAt");
        assertThat(names(schemas.get("FindingJson").get("properties"))).isEqualTo(FINDING);
        assertThat(names(schemas.get("FindingDto").get("properties")))
                .containsExactly("code", "status", "message", "mitigation", "lines", "fix");
    }

    private long domain(String name, TeamRef team) {
        return jdbc.queryForObject(
                "insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, "
                        + "discovery_status) values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id",
                Long.class,
                name,
                name,
                team.id());
    }

    private static List<String> names(JsonNode object) {
        return List.copyOf(object.propertyNames());
    }

    private static Map<String, JsonNode> fields(JsonNode object, List<String> names) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, object.get(n)));
        return m;
    }

    /** {@code actual} holds each of {@code names} with the value {@code expected} has. */
    private static void assertShared(JsonNode actual, JsonNode expected, String... names) {
        for (String n : names) {
            assertThat(actual.has(n)).as("%s in %s", n, actual).isTrue();
            assertThat(actual.get(n)).as(n).isEqualTo(expected.get(n));
        }
    }
}
