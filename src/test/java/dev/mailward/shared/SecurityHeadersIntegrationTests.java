package dev.mailward.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.MockMvcSessionIds;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.UserView;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Runs on a real Tomcat for the cookie flags, and through MockMvc for the rest. */
@MailwardIntegrationTest
class SecurityHeadersIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndTheOtherHeaders() throws Exception {
        MvcResult result = mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Referrer-Policy", "same-origin"))
                .andExpect(header().exists("Permissions-Policy"))
                .andReturn();
        String csp = result.getResponse().getHeader("Content-Security-Policy");
        assertThat(csp)
                .contains(
                        "default-src 'self'",
                        "object-src 'none'",
                        "frame-ancestors 'none'",
                        "base-uri 'self'",
                        "form-action 'self'");
        Matcher scriptSrc = Pattern.compile("script-src ([^;]*)").matcher(csp);
        assertThat(scriptSrc.find()).isTrue();
        assertThat(scriptSrc.group(1).strip()).isEqualTo("'self'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
        // and the page itself has no inline script
        assertThat(result.getResponse().getContentAsString()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
    }

    @Test
    void theApiAlsoCarriesTheHeaders() throws Exception {
        mvc.perform(get("/api/v1/teams"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().exists("Content-Security-Policy"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
    }

    @Test
    void postsWithoutCsrfTokenAreRefused() throws Exception {
        UserView admin = support.user("csrf", Role.ADMIN);
        mvc.perform(post("/admin/teams").param("name", "no-token").with(user(support.principal(admin.username()))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/login").param("username", admin.username()).param("password", AccountsTestSupport.PASSWORD))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/teams")
                        .param("name", AccountsTestSupport.unique("with-token"))
                        .with(csrf())
                        .with(user(support.principal(admin.username()))))
                .andExpect(status().is3xxRedirection());
    }

    /**
     * Issue 20's POST routes: the admins' switch of password sign-in, the second factor (enrolment, recovery codes,
     * the second step, an admin's reset), the sessions list, passkeys (the account page's removal and Spring
     * Security's ceremonies) and sign-out. Without the token each is refused, signed in as an admin or not, and
     * changes nothing; the switch with the token goes through.
     */
    @Test
    void everyPostOfTheSignInMethodsRefusesARequestWithoutTheCsrfToken() throws Exception {
        UserView admin = support.user("csrf-sign-in", Role.ADMIN);
        UserView other = support.user("csrf-reset", Role.OPERATOR);
        Integer settings = jdbc.queryForObject("select count(*) from sign_in_setting", Integer.class);
        try {
            for (String path : List.of(
                    "/admin/sign-in/password",
                    "/admin/users/" + other.id() + "/second-factor/reset",
                    "/account/second-factor/start",
                    "/account/second-factor/confirm",
                    "/account/second-factor/recovery-codes",
                    "/login/second-factor",
                    "/account/sessions/sign-out-others",
                    "/account/sessions/some-session/sign-out",
                    "/account/passkeys/AAAA/delete",
                    "/webauthn/register/options",
                    "/webauthn/register",
                    "/webauthn/authenticate/options",
                    "/login/webauthn",
                    "/logout")) {
                mvc.perform(post(path).param("open", "false").with(user(support.principal(admin.username()))))
                        .andExpect(status().isForbidden());
                mvc.perform(post(path).param("open", "false")).andExpect(status().isForbidden());
            }
            assertThat(jdbc.queryForObject("select count(*) from sign_in_setting", Integer.class))
                    .as("the switch of password sign-in untouched")
                    .isEqualTo(settings);
            mvc.perform(post("/admin/sign-in/password")
                            .param("open", "true")
                            .with(csrf())
                            .with(user(support.principal(admin.username()))))
                    .andExpect(redirectedUrl("/admin/sign-in"));
            assertThat(jdbc.queryForObject("select count(*) from sign_in_setting", Integer.class))
                    .isOne();
        } finally {
            jdbc.update("delete from sign_in_setting");
        }
    }

    @Test
    void anonymousPagesRedirectToLoginButHtmxRequestsGet401() throws Exception {
        mvc.perform(get("/account")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/account").header("HX-Request", "true")).andExpect(status().isUnauthorized());
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> response = client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/login"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void loginChangesTheSessionId() throws Exception {
        UserView op = support.user("fixation", Role.OPERATOR);
        org.springframework.mock.web.MockHttpSession session = new org.springframework.mock.web.MockHttpSession();
        // the login form opens a session (its CSRF token); sessions are stored in PostgreSQL
        mvc.perform(get("/login").session(session)).andExpect(status().isOk());
        String before = MockMvcSessionIds.storedId(session);
        assertThat(before).isNotNull();
        MvcResult result = mvc.perform(post("/login")
                        .session(session)
                        .with(csrf())
                        .param("username", op.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr("10.99.0.1");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn();
        assertThat(MockMvcSessionIds.storedId(result.getRequest().getSession()))
                .isNotNull()
                .isNotEqualTo(before);
    }
}
