package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@MailwardIntegrationTest
class ApiTokenIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    JdbcTemplate jdbc;

    private String token(UserView owner, Role role) {
        return tokens.create(owner.id(), new CreateApiToken("test", role, 30)).secret();
    }

    private long domain(TeamRef team) {
        String name = AccountsTestSupport.unique("tok") + ".test";
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id());
    }

    @Test
    void newTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        UserView owner = support.user("tokowner", Role.OPERATOR);
        MvcResult created = mvc.perform(post("/account/tokens")
                        .param("name", "ci deploy")
                        .param("role", "OPERATOR")
                        .param("validDays", "30")
                        .with(csrf())
                        .with(user(support.principal(owner.username()))))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/account/tokens"))
                .andExpect(flash().attributeExists("createdToken"))
                .andReturn();
        String secret = (String) created.getFlashMap().get("createdToken");
        assertThat(secret).matches("mw_[a-z2-9]{10}_[A-Za-z0-9_-]{43}");

        // the page after the redirect shows it ...
        mvc.perform(get("/account/tokens")
                        .flashAttrs(Map.of("createdToken", secret))
                        .with(user(support.principal(owner.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(secret)));
        // ... and no later page does
        mvc.perform(get("/account/tokens").with(user(support.principal(owner.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("ci deploy")))
                .andExpect(content().string(containsString("mw_" + secret.substring(3, 13))))
                .andExpect(content().string(not(containsString(secret))));

        Map<String, Object> row = jdbc.queryForMap("select * from api_token where prefix = ?", secret.substring(3, 13));
        assertThat(row.get("token_hash")).isEqualTo(ApiTokenService.hash(secret));
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secret.substring(14)));
    }

    @Test
    void bearerTokenAuthenticatesApiCallsAndRecordsTheLastUse() throws Exception {
        UserView owner = support.user("bearer", Role.AUDITOR);
        String secret = token(owner, Role.AUDITOR);
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk());
        assertThat(jdbc.queryForObject(
                        "select last_used_at is not null from api_token where prefix = ?",
                        Boolean.class,
                        secret.substring(3, 13)))
                .isTrue();
    }

    @Test
    void httpBasicStillWorksBesideTokens() throws Exception {
        UserView owner = support.user("basic", Role.AUDITOR);
        mvc.perform(get("/api/v1/domains").with(httpBasic(owner.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void tokenRoleCannotExceedTheOwnersRole() throws Exception {
        UserView operator = support.user("capped", Role.OPERATOR);
        assertThatThrownBy(() -> tokens.create(operator.id(), new CreateApiToken("too much", Role.ADMIN, 30)))
                .isInstanceOf(AccountChangeRejected.class)
                .hasMessageContaining("cannot create a token with role ADMIN");
        mvc.perform(post("/account/tokens")
                        .param("name", "x")
                        .param("role", "ADMIN")
                        .param("validDays", "30")
                        .with(csrf())
                        .with(user(support.principal(operator.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A token cannot have a higher role than yours")));
        assertThatThrownBy(() -> tokens.create(operator.id(), new CreateApiToken("forever", Role.AUDITOR, 366)))
                .isInstanceOf(AccountChangeRejected.class)
                .hasMessageContaining("outside 1..365");
    }

    @Test
    void tokenActsWithItsOwnRoleEvenForAnAdmin() throws Exception {
        UserView admin = support.user("tokadmin", Role.ADMIN);
        String auditorToken = token(admin, Role.AUDITOR);
        String adminToken = token(admin, Role.ADMIN);
        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + adminToken))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + auditorToken))
                .andExpect(status().isForbidden());
        TeamRef team = support.team("tokadm");
        mvc.perform(post("/api/v1/domains")
                        .header("Authorization", "Bearer " + auditorToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + AccountsTestSupport.unique("ro") + ".test\",\"teamId\":" + team.id()
                                + "}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void demotingTheOwnerDemotesTheirTokens() throws Exception {
        UserView admin = support.user("demoted", Role.ADMIN);
        String adminToken = token(admin, Role.ADMIN);
        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + adminToken))
                .andExpect(status().isOk());
        support.setEnabled(
                new UserView(
                        admin.id(),
                        admin.username(),
                        admin.displayName(),
                        Role.AUDITOR,
                        admin.teams(),
                        true,
                        admin.createdAt(),
                        admin.lastLoginAt(),
                        admin.lockedUntil()),
                true);
        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + adminToken))
                .andExpect(status().isForbidden());
    }

    @Test
    void tokenSeesExactlyWhatItsOwnerSeesInTheConsole() throws Exception {
        TeamRef mine = support.team("tokmine");
        TeamRef theirs = support.team("toktheirs");
        UserView operator = support.user("scoped", Role.OPERATOR, mine);
        long own = domain(mine);
        long foreign = domain(theirs);
        String secret = token(operator, Role.OPERATOR);
        mvc.perform(get("/api/v1/domains/" + own).header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(own));
        // another team's domain is "not found", exactly as in the console
        mvc.perform(get("/api/v1/domains/" + foreign).header("Authorization", "Bearer " + secret))
                .andExpect(status().isNotFound());
        mvc.perform(get("/domains/" + foreign).with(user(support.principal(operator.username()))))
                .andExpect(status().isNotFound());
    }

    @Test
    void revokedTokenIsRefusedWith401ProblemDetail() throws Exception {
        UserView owner = support.user("revoked", Role.OPERATOR);
        CreatedApiToken created = tokens.create(owner.id(), new CreateApiToken("soon gone", Role.OPERATOR, 30));
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + created.secret()))
                .andExpect(status().isOk());
        mvc.perform(post("/account/tokens/" + created.token().id() + "/revoke")
                        .with(csrf())
                        .with(user(support.principal(owner.username()))))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + created.secret()))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value("The API token was revoked"))
                .andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")));
    }

    @Test
    void expiredTokenIsRefusedWith401() throws Exception {
        UserView owner = support.user("expired", Role.OPERATOR);
        CreatedApiToken created = tokens.create(owner.id(), new CreateApiToken("old", Role.OPERATOR, 1));
        jdbc.update(
                "update api_token set expires_at = now() - interval '1 minute' where id = ?",
                created.token().id());
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + created.secret()))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(containsString("The API token expired at")));
    }

    @Test
    void disabledOwnersTokensAreRefusedWith401() throws Exception {
        UserView owner = support.user("disabled", Role.OPERATOR);
        String secret = token(owner, Role.OPERATOR);
        support.setEnabled(owner, false);
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("The owner of the API token is disabled"));
    }

    @Test
    void forgedOrMalformedTokensAreRefusedAlike() throws Exception {
        UserView owner = support.user("forged", Role.OPERATOR);
        String secret = token(owner, Role.OPERATOR);
        String forged = secret.substring(0, secret.length() - 4) + (secret.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String bad : new String[] {forged, "mw_zzzzzzzzzz_" + "A".repeat(43), "not-a-token", ""}) {
            mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + bad))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(get("/api/v1/domains"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().stringValues(
                                "WWW-Authenticate", org.hamcrest.Matchers.hasItem(containsString("Bearer"))));
    }

    @Test
    void aTokenOverItsRateLimitGets429WithRetryAfter() throws Exception {
        UserView owner = support.user("busy", Role.AUDITOR);
        String secret = token(owner, Role.AUDITOR);
        String other = token(owner, Role.AUDITOR);
        int status = 200;
        int requests = 0;
        // the default bucket holds 60 requests and refills 20 per second: well before 400 requests
        // made as fast as MockMvc can, one must be refused
        while (status != 429 && requests < 400) {
            MvcResult r = mvc.perform(get("/api/v1/teams").header("Authorization", "Bearer " + secret))
                    .andReturn();
            status = r.getResponse().getStatus();
            requests++;
            if (status == 429) {
                assertThat(r.getResponse().getHeader("Retry-After")).isEqualTo("1");
                assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
                assertThat(r.getResponse().getContentAsString()).contains("Rate limit");
            }
        }
        assertThat(status).as("status after %d requests", requests).isEqualTo(429);
        assertThat(requests).isGreaterThan(60);
        // the limit is per token: the owner's other token is unaffected
        mvc.perform(get("/api/v1/teams").header("Authorization", "Bearer " + other))
                .andExpect(status().isForbidden());
    }

    @Test
    void adminsSeeAndRevokeEveryonesTokens() throws Exception {
        UserView owner = support.user("listed", Role.AUDITOR);
        CreatedApiToken created = tokens.create(owner.id(), new CreateApiToken("listed token", Role.AUDITOR, 10));
        UserView admin = support.user("tokensadmin", Role.ADMIN, new TeamRef[0]);
        mvc.perform(get("/admin/tokens").with(user(support.principal(admin.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("listed token")))
                .andExpect(content().string(containsString(owner.username())));
        mvc.perform(post("/admin/tokens/" + created.token().id() + "/revoke")
                        .with(csrf())
                        .with(user(support.principal(admin.username()))))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + created.secret()))
                .andExpect(status().isUnauthorized());
        assertThat(tokens.tokensOf(owner.id()))
                .singleElement()
                .satisfies(t -> assertThat(t.revokedAt()).isPresent());
    }
}
