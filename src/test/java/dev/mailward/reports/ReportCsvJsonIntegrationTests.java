package dev.mailward.reports;

import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** CSV and JSON exports parsed back and compared with the seeded results; scoping; CSV injection. */
class ReportCsvJsonIntegrationTests extends ReportsTestSupport {

    TeamRef team;
    TeamRef otherTeam;
    UserView auditor;
    UserView stranger;
    String alpha;
    String beta;
    String foreign;
    Instant now = Instant.now();

    @BeforeEach
    void seed() {
        team = accounts.team("rep-a");
        otherTeam = accounts.team("rep-b");
        auditor = accounts.user("rep-auditor", Role.AUDITOR, team);
        stranger = accounts.user("rep-stranger", Role.OPERATOR, otherTeam);
        alpha = AccountsTestSupport.unique("alpha") + ".test";
        beta = AccountsTestSupport.unique("beta") + ".test";
        foreign = AccountsTestSupport.unique("foreign") + ".test";
        long a = domain(alpha, team, now.minus(Duration.ofDays(10)), "prod");
        long b = domain(beta, team, now.minus(Duration.ofDays(10)));
        long f = domain(foreign, otherTeam, now.minus(Duration.ofDays(10)));
        Instant at = now.minus(Duration.ofHours(1));
        result(
                a,
                "spf",
                alpha,
                List.of(finding("SPF_TOO_MANY_LOOKUPS", FAIL, "14 DNS-querying terms (limit 10)", "spf-dkim")),
                "{\"spfTree\":{\"lookups\":14}}",
                at,
                true);
        result(
                a,
                "dmarc",
                alpha,
                List.of(finding(
                        "DMARC_POLICY_NONE", WARN, "p=none, \"monitor\" only,\nno enforcement", "layered-auth")),
                "{}",
                at,
                true);
        // a hostile banner that a spreadsheet would run as a formula
        result(
                a,
                "banner",
                "=HYPERLINK(\"http://evil.test\")",
                List.of(finding("BANNER_VERSION", WARN, "+cmd|' /C calc'!A0", "maintained-mta")),
                "{}",
                at,
                true);
        result(b, "spf", beta, List.of(finding("SPF_OK", PASS, "-all", "spf-dkim")), "{}", at, true);
        result(f, "spf", foreign, List.of(finding("SPF_OK", PASS, "-all", "spf-dkim")), "{}", at, true);
        exception(a, "dmarc", alpha, "DMARC_POLICY_NONE", "migration until Q3", now.minus(Duration.ofDays(2)));
    }

    @Test
    void csvRoundTripsEveryResultOfTheScopeAndGuardsFormulaCells() throws Exception {
        JsonNode report =
                create(auditor, "{\"format\":\"CSV\",\"scope\":{\"kind\":\"team\",\"teamId\":" + team.id() + "}}");
        assertThat(report.get("domainCount").asInt()).isEqualTo(2);
        byte[] bytes = download(auditor, report.get("id").asLong());
        assertThat(sha256(bytes)).isEqualTo(report.get("sha256").asString());

        List<List<String>> rows = parseCsv(new String(bytes, StandardCharsets.UTF_8));
        assertThat(rows.getFirst())
                .containsExactly(
                        "domain",
                        "team",
                        "check",
                        "target",
                        "status",
                        "finding_codes",
                        "mitigations",
                        "accepted_codes",
                        "messages",
                        "checked_at");
        List<List<String>> data = rows.subList(1, rows.size());
        assertThat(data).hasSize(4);
        assertThat(data).extracting(r -> r.get(0)).containsOnly(alpha, beta);
        List<String> spf = data.stream()
                .filter(r -> r.get(0).equals(alpha) && r.get(2).equals("spf"))
                .findFirst()
                .orElseThrow();
        assertThat(spf)
                .containsSequence(
                        alpha,
                        team.name(),
                        "spf",
                        alpha,
                        "FAIL",
                        "SPF_TOO_MANY_LOOKUPS",
                        "spf-dkim",
                        "",
                        "14 DNS-querying terms (limit 10)");
        List<String> dmarc =
                data.stream().filter(r -> r.get(2).equals("dmarc")).findFirst().orElseThrow();
        assertThat(dmarc.get(7)).isEqualTo("DMARC_POLICY_NONE");
        assertThat(dmarc.get(8)).isEqualTo("p=none, \"monitor\" only,\nno enforcement");
        List<String> banner =
                data.stream().filter(r -> r.get(2).equals("banner")).findFirst().orElseThrow();
        assertThat(banner.get(3)).isEqualTo("'=HYPERLINK(\"http://evil.test\")");
        assertThat(banner.get(8)).isEqualTo("'+cmd|' /C calc'!A0");
        // PostgreSQL keeps microseconds (rounded)
        assertThat(Instant.parse(spf.get(9)))
                .isCloseTo(
                        now.minus(Duration.ofHours(1)),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void jsonRoundTripsDomainsResultsFindingsExceptionsAndSummary() throws Exception {
        JsonNode report = create(
                auditor,
                "{\"format\":\"JSON\",\"scope\":{\"kind\":\"all\"},\"since\":\"" + now.minus(Duration.ofDays(30))
                        + "\"}");
        byte[] bytes = download(auditor, report.get("id").asLong());
        assertThat(sha256(bytes)).isEqualTo(report.get("sha256").asString());
        JsonNode json = JSON.readTree(bytes);
        assertThat(json.get("report").get("id").asLong())
                .isEqualTo(report.get("id").asLong());
        assertThat(json.get("report").get("generatedBy").asString()).isEqualTo(auditor.username());
        List<String> names = new ArrayList<>();
        json.get("domains").forEach(d -> names.add(d.get("domain").asString()));
        // "all" for an auditor of team A: team A's domains only
        assertThat(names).contains(alpha, beta).doesNotContain(foreign);
        JsonNode a = null;
        for (JsonNode d : json.get("domains")) {
            if (d.get("domain").asString().equals(alpha)) {
                a = d;
            }
        }
        assertThat(a).isNotNull();
        assertThat(a.get("team").asString()).isEqualTo(team.name());
        assertThat(a.get("tags").get(0).asString()).isEqualTo("prod");
        assertThat(a.get("results")).hasSize(3);
        JsonNode spf = null;
        for (JsonNode r : a.get("results")) {
            if (r.get("check").asString().equals("spf")) {
                spf = r;
            }
        }
        assertThat(spf.get("status").asString()).isEqualTo("FAIL");
        assertThat(spf.get("findings").get(0).get("message").asString()).isEqualTo("14 DNS-querying terms (limit 10)");
        assertThat(spf.get("evidence").get("spfTree").get("lookups").asInt()).isEqualTo(14);
        assertThat(a.get("mitigations").get("spf-dkim").asString()).isEqualTo("FAIL");
        assertThat(a.get("mitigations").get("layered-auth").asString()).isEqualTo("ACCEPTED");
        assertThat(a.get("exceptions").get(0).get("reason").asString()).isEqualTo("migration until Q3");
        assertThat(a.get("score").get("explanation").asString()).startsWith("Score = ");
        assertThat(json.get("summary").get("domainCount").asInt()).isEqualTo(names.size());
        assertThat(json.get("summary").get("mitigations")).hasSize(13);
        assertThat(json.get("summary").get("changes").get("counts").has("WORSE"))
                .isTrue();
    }

    @Test
    void schemaIsPublishedAsJson() throws Exception {
        String schema = mvc.perform(get("/schemas/report.schema.json").with(as(auditor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        JsonNode s = JSON.readTree(schema);
        assertThat(s.get("required").toString()).contains("report", "domains", "summary");
    }

    @Test
    void otherTeamsNeverSeeTheReportOrItsDomains() throws Exception {
        JsonNode report = create(auditor, "{\"format\":\"CSV\",\"scope\":{\"kind\":\"all\"}}");
        long id = report.get("id").asLong();
        mvc.perform(get("/api/v1/reports/" + id).with(as(stranger)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Not found"));
        mvc.perform(get("/api/v1/reports/" + id + "/download").with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/reports/" + id).with(as(stranger))).andExpect(status().isNotFound());
        String list = mvc.perform(get("/api/v1/reports").with(as(stranger)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).doesNotContain("\"id\":" + id + ",");
        // the auditor may not name the other team, nor reach its domains by name
        mvc.perform(post("/api/v1/reports")
                        .with(as(auditor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"format\":\"CSV\",\"scope\":{\"kind\":\"team\",\"teamId\":" + otherTeam.id() + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("teamId"));
        JsonNode byName = create(
                auditor,
                "{\"format\":\"CSV\",\"scope\":{\"kind\":\"domains\",\"domains\":[\"" + foreign + "\",\""
                        + alpha.toUpperCase() + ".\"]}}");
        String csv = new String(download(auditor, byName.get("id").asLong()), StandardCharsets.UTF_8);
        assertThat(csv).contains(alpha).doesNotContain(foreign);
        mvc.perform(get("/api/v1/results").param("domain", foreign).with(as(auditor)))
                .andExpect(status().isNotFound());
    }

    @Test
    void generatingIsAuditedForTheTeam() throws Exception {
        JsonNode report = create(auditor, "{\"format\":\"CSV\",\"scope\":{\"kind\":\"tag\",\"tag\":\"prod\"}}");
        Map<String, Object> entry = jdbc.queryForMap(
                "select actor, detail, team_id from audit_log where action = " + "'report.generated' and target = ?",
                "report:" + report.get("id").asLong());
        assertThat(entry.get("actor")).isEqualTo(auditor.username());
        assertThat((String) entry.get("detail"))
                .contains("sha256=" + report.get("sha256").asString());
        assertThat(((Number) entry.get("team_id")).longValue()).isEqualTo(team.id());
    }

    @Test
    void refusesBadInputWithProblemDetails() throws Exception {
        mvc.perform(post("/api/v1/reports")
                        .with(as(auditor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"format\":\"XLS\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("format"))
                .andExpect(jsonPath("$.detail").value("unknown format 'XLS'; use PDF, CSV or JSON"));
        mvc.perform(post("/api/v1/reports")
                        .with(as(auditor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"format\":\"CSV\",\"asOf\":\"" + now.plus(Duration.ofDays(3)) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("asOf"));
        mvc.perform(get("/api/v1/results").param("asOf", "yesterday").with(as(auditor)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("asOf"));
    }

    /** RFC 4180: quoted fields with doubled quotes and embedded line breaks, CRLF between records. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(row).as("no partial last record").isEmpty();
        return rows.stream().map(r -> r.stream().collect(Collectors.toList())).toList();
    }
}
