package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Passkeys without a browser (the ceremonies themselves are {@code PasskeyBrowserTests}'): every new route
 * refuses a POST without the CSRF token; Spring Security's DELETE of a passkey is closed (removal goes through
 * the account page, audited); a passkey counts as a second factor (the password leads to the second step, which
 * offers the passkey and, without an authenticator app, no code form; HTTP Basic is refused); a user removes only
 * their own passkeys; an admin's reset of the second factor removes the passkeys too, audited.
 */
@MailwardIntegrationTest
class PasskeyIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    PasskeyTestSupport passkeys;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyNewPostRefusesARequestWithoutTheCsrfToken() throws Exception {
        UserView u = support.user("passkey-csrf", Role.OPERATOR);
        String id = passkeys.register(u, "Key");
        for (String path : List.of(
                "/webauthn/register/options",
                "/webauthn/register",
                "/webauthn/authenticate/options",
                "/login/webauthn",
                "/account/passkeys/" + id + "/delete")) {
            mvc.perform(post(path)
                            .with(user(support.principal(u.username())))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{}"))
                    .andExpect(status().isForbidden());
            mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isForbidden());
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from user_credentials where credential_id = ?", Integer.class, id))
                .isOne();
    }

    @Test
    void theCeremoniesAnswerWithTheCsrfToken() throws Exception {
        UserView u = support.user("passkey-options", Role.AUDITOR);
        // registration options: for a signed-in user only, resident key and user verification required
        String options = mvc.perform(
                        post("/webauthn/register/options").with(csrf()).with(user(support.principal(u.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(options)
                .contains("\"residentKey\":\"required\"")
                .contains("\"userVerification\":\"required\"")
                .contains("\"name\":\"" + u.username() + "\"");
        mvc.perform(post("/webauthn/register/options").with(csrf())).andExpect(status().is4xxClientError());
        // sign-in options: open to anyone, discoverable credentials, user verification required
        String request = mvc.perform(post("/webauthn/authenticate/options").with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(request).contains("\"userVerification\":\"required\"").contains("\"rpId\":\"localhost\"");
        // an assertion that is no passkey's: 401 and the login page's error
        mvc.perform(post("/login/webauthn")
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\":\"AAAA\"}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void springSecuritysDeleteIsClosedAndAUserRemovesOnlyTheirOwnPasskeys() throws Exception {
        UserView owner = support.user("passkey-owner", Role.OPERATOR);
        UserView other = support.user("passkey-other", Role.ADMIN);
        String id = passkeys.register(owner, "Phone");
        mvc.perform(delete("/webauthn/register/" + id).with(csrf()).with(user(support.principal(owner.username()))))
                .andExpect(status().isForbidden());
        String page = mvc.perform(post("/account/passkeys/" + id + "/delete")
                        .with(csrf())
                        .with(user(support.principal(other.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("You have no passkey of that name any more.");
        assertThat(count(id)).as("another user's removal").isOne();

        String mine = mvc.perform(get("/account/passkeys").with(user(support.principal(owner.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(mine).contains("Phone").contains("/account/passkeys/" + id + "/delete");
        mvc.perform(post("/account/passkeys/" + id + "/delete")
                        .with(csrf())
                        .with(user(support.principal(owner.username()))))
                .andExpect(redirectedUrl("/account/passkeys"));
        assertThat(count(id)).isZero();
        assertThat(audit(owner.username(), "passkey.removed")).containsExactly("method=PASSKEY label=Phone");
        assertThat(audit(owner.username(), "passkey.registered")).containsExactly("method=PASSKEY label=Phone");
    }

    @Test
    void aPasskeyIsASecondFactorThePasswordAloneDoesNotSignIn() throws Exception {
        UserView u = support.user("passkey-2fa", Role.OPERATOR);
        passkeys.register(u, "Key");
        MockHttpSession session = passwordLogin(u);
        String step = mvc.perform(get("/login/second-factor").session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(step).contains("id=\"passkey-sign-in\"").doesNotContain("id=\"code\"");
        mvc.perform(get("/account").session(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/api/v1/domains").with(httpBasic(u.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isForbidden());
    }

    @Test
    void anAdminsResetRemovesThePasskeysToo() throws Exception {
        UserView u = support.user("passkey-reset", Role.AUDITOR);
        UserView admin = support.user("passkey-reset-admin", Role.ADMIN);
        String a = passkeys.register(u, "One");
        String b = passkeys.register(u, "Two");
        mvc.perform(post("/admin/users/" + u.id() + "/second-factor/reset")
                        .with(csrf())
                        .with(user(support.principal(admin.username()))))
                .andExpect(status().is3xxRedirection());
        assertThat(count(a) + count(b)).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from user_entities where name = ?", Integer.class, u.username()))
                .isZero();
        assertThat(audit(u.username(), "second-factor.reset")).containsExactly("method=PASSKEY passkeys=2");
        // the password alone signs in again
        MockHttpSession session = passwordLogin(u);
        mvc.perform(get("/account").session(session)).andExpect(status().isOk());
    }

    private MockHttpSession passwordLogin(UserView u) throws Exception {
        int n = ADDRESSES.getAndIncrement();
        MvcResult result = mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", u.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr("10.94." + (n / 250) + "." + (n % 250 + 1));
                            return r;
                        }))
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private int count(String credentialId) {
        return jdbc.queryForObject(
                "select count(*) from user_credentials where credential_id = ?", Integer.class, credentialId);
    }

    private List<String> audit(String username, String action) {
        return jdbc.queryForList(
                "select coalesce(detail, '') from audit_log where target = ? and action = ? order by id",
                String.class,
                "user:" + username,
                action);
    }
}
