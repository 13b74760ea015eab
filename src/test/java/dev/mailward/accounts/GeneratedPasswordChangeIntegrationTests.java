package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The first admin made with a generated password (printed once in the log) must set their own at the first
 * sign-in: every console page leads to the change-password form until then, while signing out, the form itself
 * and the user's API tokens keep working. A configured password ({@code MAILWARD_ADMIN_PASSWORD}) asks for
 * nothing. Real form logins and sessions.
 */
@MailwardIntegrationTest
class GeneratedPasswordChangeIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    UserAccountRepository users;

    MockHttpSession login(String username, String password) throws Exception {
        int n = ADDRESSES.getAndIncrement();
        MvcResult result = mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", username)
                        .param("password", password)
                        .with(r -> {
                            r.setRemoteAddr("10.89." + (n / 250) + "." + (n % 250 + 1));
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void aGeneratedPasswordLeadsEveryPageToTheChangeFormUntilChanged() throws Exception {
        String name = AccountsTestSupport.unique("first");
        String generated = accounts.generatePassword();
        accounts.createFirstAdmin(name, AccountsTestSupport.unique("team"), generated, true);
        long id = users.findByUsername(name).orElseThrow().id();
        String token =
                tokens.create(id, new CreateApiToken("ci", Role.AUDITOR, 30)).secret();

        MockHttpSession session = login(name, generated);
        for (String page : new String[] {"/", "/domains", "/admin/users", "/audit", "/account/tokens"}) {
            mvc.perform(get(page).session(session)).andExpect(redirectedUrl("/account?change-password"));
        }
        // htmx follows HX-Redirect, not a 302 into a fragment
        mvc.perform(get("/domains").session(session).header("HX-Request", "true"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("HX-Redirect", "/account?change-password"));
        mvc.perform(post("/domains").session(session).with(csrf()).param("name", "x.example"))
                .andExpect(redirectedUrl("/account?change-password"));
        mvc.perform(get("/account").session(session).param("change-password", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"must-change-password\"")))
                .andExpect(content().string(containsString("Set your own password before you continue")));
        mvc.perform(get("/logout").session(session)).andExpect(status().isOk());
        mvc.perform(get("/css/mailward.css").session(session)).andExpect(status().isOk());
        // the API tokens are not affected
        mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk());

        String own = "my own admin passphrase " + name;
        mvc.perform(post("/account/password")
                        .session(session)
                        .with(csrf())
                        .param("currentPassword", generated)
                        .param("newPassword", own)
                        .param("confirmPassword", own))
                .andExpect(redirectedUrl("/account"));
        assertThat(users.findByUsername(name).orElseThrow().mustChangePassword())
                .isFalse();
        mvc.perform(get("/domains").session(session)).andExpect(status().isOk());
        mvc.perform(get("/account").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"must-change-password\""))));
        mvc.perform(get("/domains").session(login(name, own))).andExpect(status().isOk());
    }

    @Test
    void aConfiguredPasswordNeedNotBeChanged() throws Exception {
        String name = AccountsTestSupport.unique("configured");
        accounts.createFirstAdmin(name, AccountsTestSupport.unique("team"), AccountsTestSupport.PASSWORD, false);
        assertThat(users.findByUsername(name).orElseThrow().mustChangePassword())
                .isFalse();
        MockHttpSession session = login(name, AccountsTestSupport.PASSWORD);
        mvc.perform(get("/domains").session(session)).andExpect(status().isOk());
        mvc.perform(get("/account").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"must-change-password\""))));
    }
}
