package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Sessions are judged on the account as it is now: disabling, demoting or setting the password of a user
 * ends the sessions that user had open (real form logins, real sessions), while a raised role or other
 * teams apply to an open session at its next request. A user's own session survives their own password
 * change; their other sessions do not.
 */
@MailwardIntegrationTest
class SessionRevocationIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    AccountService accounts;

    @Autowired
    JdbcTemplate jdbc;

    /** Signs in through the login form from an address of its own; returns the authenticated session. */
    MockHttpSession login(String username, String password) throws Exception {
        int n = ADDRESSES.getAndIncrement();
        MvcResult result = mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", username)
                        .param("password", password)
                        .with(r -> {
                            r.setRemoteAddr("10.88." + (n / 250) + "." + (n % 250 + 1));
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn();
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(session).as("a session after signing in").isNotNull();
        return session;
    }

    void update(UserView user, Role role, boolean enabled) throws Exception {
        MockHttpSession admin = login(support.user("boss", Role.ADMIN).username(), AccountsTestSupport.PASSWORD);
        var request = post("/admin/users/" + user.id())
                .with(csrf())
                .session(admin)
                .param("displayName", user.displayName())
                .param("role", role.name())
                .param("enabled", Boolean.toString(enabled));
        for (TeamRef t : user.teams()) {
            request.param("teamIds", Long.toString(t.id()));
        }
        mvc.perform(request).andExpect(redirectedUrl("/admin/users/" + user.id()));
    }

    @Test
    void anAdminDemotedAndDisabledLosesAdminPowerInTheSessionOpenedBefore() throws Exception {
        UserView admin = support.user("demoted", Role.ADMIN);
        MockHttpSession before = login(admin.username(), AccountsTestSupport.PASSWORD);
        mvc.perform(get("/admin/users").session(before)).andExpect(status().isOk());

        update(admin, Role.AUDITOR, false);

        String created = AccountsTestSupport.unique("sneaky");
        mvc.perform(post("/admin/users")
                        .with(csrf())
                        .session(before)
                        .param("username", created)
                        .param("role", "ADMIN")
                        .param("password", "a long enough passphrase 42"))
                .andExpect(redirectedUrl("/login?ended"));
        assertThat(accounts.findUser(created))
                .as("no admin created from the old session")
                .isEmpty();
        assertThat(before.isInvalid()).as("the old session is invalidated").isTrue();
        mvc.perform(get("/login").param("ended", ""))
                .andExpect(content().string(containsString("Your session was ended because your account changed")));
    }

    @Test
    void aDemotionAloneEndsTheSessionAndTheOtherUsersPasswordStaysAsItWas() throws Exception {
        UserView admin = support.user("demoted", Role.ADMIN);
        UserView victim = support.user("victim", Role.OPERATOR);
        MockHttpSession before = login(admin.username(), AccountsTestSupport.PASSWORD);

        update(admin, Role.OPERATOR, true);

        mvc.perform(post("/admin/users/" + victim.id() + "/password")
                        .with(csrf())
                        .session(before)
                        .param("mode", "set")
                        .param("newPassword", "an attacker's chosen passphrase"))
                .andExpect(redirectedUrl("/login?ended"));
        login(victim.username(), AccountsTestSupport.PASSWORD);
        // the demoted user signs in again and is judged as an operator
        MockHttpSession after = login(admin.username(), AccountsTestSupport.PASSWORD);
        mvc.perform(get("/admin/users").session(after)).andExpect(status().isForbidden());
        mvc.perform(get("/domains").session(after)).andExpect(status().isOk());
    }

    @Test
    void aDisabledOperatorsOpenSessionAddsNoDomain() throws Exception {
        TeamRef team = support.team("ops");
        UserView operator = support.user("op", Role.OPERATOR, team);
        MockHttpSession before = login(operator.username(), AccountsTestSupport.PASSWORD);
        mvc.perform(get("/domains").session(before)).andExpect(status().isOk());

        update(operator, Role.OPERATOR, false);

        String domain = AccountsTestSupport.unique("never") + ".example";
        mvc.perform(post("/domains")
                        .with(csrf())
                        .session(before)
                        .param("name", domain)
                        .param("teamId", Long.toString(team.id())))
                .andExpect(redirectedUrl("/login?ended"));
        assertThat(jdbc.queryForObject("select count(*) from domain where a_label = ?", Integer.class, domain))
                .as("no domain added from the old session")
                .isZero();
        // the session is gone: the next request is anonymous
        mvc.perform(get("/domains").session(before)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void anEndedSessionTellsHtmxWhereToGo() throws Exception {
        UserView operator = support.user("htmx", Role.OPERATOR);
        MockHttpSession before = login(operator.username(), AccountsTestSupport.PASSWORD);

        update(operator, Role.OPERATOR, false);

        mvc.perform(get("/domains").header("HX-Request", "true").session(before))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login?ended"));
    }

    @Test
    void anAdminsPasswordResetEndsTheUsersSessions() throws Exception {
        UserView operator = support.user("reset", Role.OPERATOR);
        MockHttpSession before = login(operator.username(), AccountsTestSupport.PASSWORD);
        MockHttpSession admin = login(support.user("boss", Role.ADMIN).username(), AccountsTestSupport.PASSWORD);

        mvc.perform(post("/admin/users/" + operator.id() + "/password")
                        .with(csrf())
                        .session(admin)
                        .param("mode", "set")
                        .param("newPassword", "a brand new passphrase 7"))
                .andExpect(redirectedUrl("/admin/users/" + operator.id()));

        mvc.perform(get("/account").session(before)).andExpect(redirectedUrl("/login?ended"));
        mvc.perform(get("/admin/users").session(admin)).andExpect(status().isOk());
        login(operator.username(), "a brand new passphrase 7");
    }

    @Test
    void ownPasswordChangeKeepsThisSessionAndEndsTheOthers() throws Exception {
        UserView user = support.user("self", Role.OPERATOR);
        MockHttpSession laptop = login(user.username(), AccountsTestSupport.PASSWORD);
        MockHttpSession phone = login(user.username(), AccountsTestSupport.PASSWORD);

        mvc.perform(post("/account/password")
                        .with(csrf())
                        .session(laptop)
                        .param("currentPassword", AccountsTestSupport.PASSWORD)
                        .param("newPassword", "my own new passphrase 99")
                        .param("confirmPassword", "my own new passphrase 99"))
                .andExpect(redirectedUrl("/account"));

        mvc.perform(get("/account").session(laptop)).andExpect(status().isOk());
        mvc.perform(get("/domains").session(laptop)).andExpect(status().isOk());
        mvc.perform(get("/account").session(phone)).andExpect(redirectedUrl("/login?ended"));
    }

    @Test
    void aRaisedRoleAppliesToTheOpenSessionWithoutEndingIt() throws Exception {
        UserView operator = support.user("promoted", Role.OPERATOR);
        MockHttpSession before = login(operator.username(), AccountsTestSupport.PASSWORD);
        mvc.perform(get("/admin/users").session(before)).andExpect(status().isForbidden());

        update(operator, Role.ADMIN, true);

        mvc.perform(get("/admin/users").session(before)).andExpect(status().isOk());
    }

    @Test
    void aLoginRehashingAnOldPasswordEndsNoSession() throws Exception {
        UserView user = support.user("rehash", Role.OPERATOR);
        MockHttpSession first = login(user.username(), AccountsTestSupport.PASSWORD);
        support.setPasswordHash(
                user.id(),
                "{bcrypt}"
                        + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder()
                                .encode(AccountsTestSupport.PASSWORD));
        login(user.username(), AccountsTestSupport.PASSWORD);
        mvc.perform(get("/account").session(first)).andExpect(status().isOk());
    }
}
