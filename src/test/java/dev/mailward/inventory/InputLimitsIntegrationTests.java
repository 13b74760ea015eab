package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 15, items 6, 11 and 12: a list of 100,000 entries is refused at once with a 400 naming
 * the limit (every validator counts before it works, and works in linear time); names refuse
 * invisible and direction-changing characters, and a domain mixing scripts is shown with a
 * warning; a domain another team manages is refused without naming that team, except to admins.
 */
@AutoConfigureMockMvc
class InputLimitsIntegrationTests extends InventoryTestSupport {

    /** Generous: the refusal itself takes milliseconds; before the fix 100,000 selectors took ~28 s. */
    private static final Duration FAST = Duration.ofSeconds(2);

    private static final int HUGE = 100_000;

    @Autowired
    MockMvc mvc;

    private long teamId;
    private String teamName;
    private String operator;
    private String admin;

    @BeforeEach
    void setUp() {
        teamName = unique("limits");
        teamId = team(teamName);
        operator = user(unique("limop"), Role.OPERATOR, teamId);
        admin = user(unique("limadm"), Role.ADMIN);
    }

    private RequestPostProcessor as(String username) {
        return SecurityMockMvcRequestPostProcessors.user(users.loadUserByUsername(username));
    }

    private static String jsonList(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "\"" + prefix + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private ResultActions timed(MockHttpServletRequestBuilder request) throws Exception {
        long start = System.nanoTime();
        ResultActions result = mvc.perform(request);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("time to refuse")
                .isLessThan(FAST);
        return result;
    }

    // ------------------------------------------------------------------ item 6: counts first, linear work

    @Test
    void aDomainWithAHundredThousandSelectorsIsRefusedAtOnceNamingTheLimit() throws Exception {
        timed(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + unique("sel") + ".test\",\"teamId\":" + teamId + ",\"dkimSelectors\":"
                                + jsonList("s", HUGE) + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("dkimSelectors"))
                .andExpect(jsonPath("$.detail").value("100000 DKIM selectors given; at most 20 are accepted"));
    }

    @Test
    void aDomainWithAHundredThousandTagsIsRefusedAtOnceNamingTheLimit() throws Exception {
        timed(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + unique("tag") + ".test\",\"teamId\":" + teamId + ",\"tags\":"
                                + jsonList("t", HUGE) + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("tags"))
                .andExpect(jsonPath("$.detail").value("100000 tags given; at most 20 are accepted"));
    }

    @Test
    void theDomainFormRefusesAHundredThousandSelectorsAtOnceNamingTheLimit() throws Exception {
        String selectors = IntStream.range(0, HUGE).mapToObj(i -> "s" + i).collect(Collectors.joining(","));
        MvcResult result = timed(post("/domains")
                        .with(as(operator))
                        .with(csrf())
                        .param("name", unique("form") + ".test")
                        .param("teamId", String.valueOf(teamId))
                        .param("selectors", selectors))
                .andExpect(status().isOk())
                .andReturn();
        assertThat(result.getResponse().getContentAsString())
                .contains("100,000 DKIM selectors given; at most 20 are accepted");
    }

    @Test
    void aScanOfAHundredThousandNamedDomainsIsRefusedAtOnceNamingTheLimit() throws Exception {
        String ids = IntStream.range(0, HUGE)
                .mapToObj(i -> String.valueOf(i + 1))
                .collect(Collectors.joining(",", "[", "]"));
        timed(post("/api/v1/scans")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"domains\",\"domainIds\":" + ids + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("domainIds"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.startsWith("100000 domains named; at most 1000 are accepted")));
        MockHttpServletRequestBuilder form =
                post("/scans").with(as(operator)).with(csrf()).param("scope", "domains");
        form.param(
                "domainId",
                IntStream.range(0, HUGE).mapToObj(i -> String.valueOf(i + 1)).toArray(String[]::new));
        timed(form)
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashError", org.hamcrest.Matchers.containsString("at most 1,000")));
    }

    @Test
    void aUserInAHundredThousandTeamsIsRefusedAtOnceNamingTheLimit() throws Exception {
        String ids = IntStream.range(0, HUGE)
                .mapToObj(i -> String.valueOf(i + 1))
                .collect(Collectors.joining(",", "[", "]"));
        timed(post("/api/v1/users")
                        .with(as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + unique("many") + "\",\"role\":\"AUDITOR\",\"teamIds\":" + ids
                                + ",\"password\":\"Correct-Horse-Battery-many\"}"))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.field").value("teamIds"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("at most 500")));
    }

    @Test
    void aReportOfAHundredThousandNamedDomainsIsRefusedAtOnceNamingTheLimit() throws Exception {
        timed(post("/api/v1/reports")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"format\":\"CSV\",\"scope\":{\"kind\":\"domains\",\"domains\":"
                                + jsonList("d", HUGE) + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("domains"));
    }

    @Test
    void anImportLineOfQuotesIsReadInLinearTime() {
        String line = "x" + "\"".repeat(1_900_000);
        // preemptive: before the fix this line took hours (each quote copied the field read so far)
        ImportReport report = assertTimeoutPreemptively(FAST, () -> {
            loginAs(operator);
            return inventory.importDomains(
                    ("domain,tags\n" + line + "\n").getBytes(StandardCharsets.UTF_8), Optional.of(teamId));
        });
        assertThat(report.imported()).isZero();
        assertThat(report.errors()).hasSize(1);
    }

    @Test
    void anImportLineOfManyFieldsIsRefusedNamingTheLimit() {
        loginAs(operator);
        String line = "a.test" + ",".repeat(500_000);
        ImportReport report = inventory.importDomains(
                ("domain,tags\n" + line + "\n").getBytes(StandardCharsets.UTF_8), Optional.of(teamId));
        assertThat(report.errors())
                .singleElement()
                .extracting(ImportReport.LineError::reason)
                .isEqualTo("more than 16 fields; at most 4 columns are expected");
    }

    // ------------------------------------------------------------------ item 11: hidden characters, mixed scripts

    @Test
    void namesWithInvisibleOrDirectionChangingCharactersAreRefusedNamingTheField() throws Exception {
        mvc.perform(post("/api/v1/teams")
                        .with(as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"ops\u202Eevil\"}"))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("U+202E")));
        mvc.perform(post("/api/v1/users")
                        .with(as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + unique("bidi") + "\",\"displayName\":\"Ad\u200Bmin\","
                                + "\"role\":\"AUDITOR\",\"password\":\"Correct-Horse-Battery-bidi\"}"))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.field").value("displayName"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("U+200B")));
        mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + unique("zw") + ".test\",\"teamId\":" + teamId
                                + ",\"tags\":[\"prod\u2066\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("tags"))
                .andExpect(jsonPath("$.code").value("inventory.tags.hidden"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("U+2066")));
        for (char c : List.of('\u202A', '\u200E', '\u200F', '\u061C', '\u200D', '\u2060', '\uFEFF')) {
            String html = mvc.perform(
                            post("/admin/teams").with(as(admin)).with(csrf()).param("name", "team" + c + unique("x")))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(html)
                    .contains("invisible or direction-changing character "
                            + String.format(java.util.Locale.ROOT, "U+%04X", (int) c));
        }
    }

    @Test
    void aDomainMixingScriptsIsAcceptedAndShownWithAWarning() throws Exception {
        // "pаypal" with a Cyrillic а (U+0430)
        String mixed = "p\u0430ypal-" + unique("m").toLowerCase() + ".test";
        // one script per label (digits belong to every script): not mixed, though the TLD is Latin
        String cyrillic =
                "\u043f\u0440\u0438\u043c\u0435\u0440-" + Math.abs(System.nanoTime() % 1_000_000_000) + ".test";
        loginAs(operator);
        long mixedId = inventory
                .addDomain(new AddDomain(mixed, teamId, List.of(), List.of(), 1440, ""))
                .id();
        long plainId = inventory
                .addDomain(new AddDomain(cyrillic, teamId, List.of(), List.of(), 1440, ""))
                .id();

        mvc.perform(get("/api/v1/domains/{id}", mixedId).with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.warnings").value(org.hamcrest.Matchers.contains("mixed-script")));
        mvc.perform(get("/api/v1/domains/{id}", plainId).with(as(operator)))
                .andExpect(jsonPath("$.warnings").isEmpty());
        mvc.perform(get("/api/v1/domains").param("team", String.valueOf(teamId)).with(as(operator)))
                .andExpect(jsonPath("$.items[?(@.id == " + mixedId + ")].warnings[0]")
                        .value("mixed-script"));

        String page = mvc.perform(get("/domains/{id}", mixedId).with(as(operator)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Mixed scripts").contains("can look like another domain");
        String list = mvc.perform(
                        get("/domains").param("team", String.valueOf(teamId)).with(as(operator)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).containsOnlyOnce("Mixed scripts");
        String plainPage = mvc.perform(get("/domains/{id}", plainId).with(as(operator)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(plainPage).doesNotContain("Mixed scripts");
    }

    // ------------------------------------------------------------------ item 12: another team's domain

    @Test
    void aDomainOfAnotherTeamIsRefusedWithoutNamingThatTeamExceptToAdmins() throws Exception {
        String name = unique("held") + ".test";
        loginAs(operator);
        inventory.addDomain(new AddDomain(name, teamId, List.of(), List.of(), 1440, ""));
        String otherTeam = unique("other");
        long otherTeamId = team(otherTeam);
        String stranger = user(unique("stranger"), Role.OPERATOR, otherTeamId);

        String refusal = name + " is managed by another team in Mailward; an administrator can move it to yours";
        mvc.perform(post("/api/v1/domains")
                        .with(as(stranger))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + otherTeamId + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.detail").value(refusal));
        String form = mvc.perform(post("/domains")
                        .with(as(stranger))
                        .with(csrf())
                        .param("name", name)
                        .param("teamId", String.valueOf(otherTeamId)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(form)
                .contains("is managed by another team in Mailward; an administrator can move it to yours")
                .doesNotContain(teamName);
        loginAs(stranger);
        ImportReport report =
                inventory.importDomains((name + "\n").getBytes(StandardCharsets.UTF_8), Optional.of(otherTeamId));
        assertThat(report.errors())
                .singleElement()
                .extracting(ImportReport.LineError::reason)
                .isEqualTo(refusal);

        mvc.perform(post("/api/v1/domains")
                        .with(as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + otherTeamId + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(name + " is already in the inventory, in team " + teamName));
    }
}
