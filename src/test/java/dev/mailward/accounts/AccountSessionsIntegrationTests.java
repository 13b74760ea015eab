package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The account page's list of one's own sessions, stored in PostgreSQL: what it shows, signing out one other
 * session or every other one, the absolute timeout, and the audit log entry of every end.
 */
@MailwardIntegrationTest
class AccountSessionsIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    JdbcTemplate jdbc;

    record Signed(MockHttpSession session, String address) {}

    Signed login(String username, String userAgent) throws Exception {
        int n = ADDRESSES.getAndIncrement();
        String address = "10.66." + (n / 250) + "." + (n % 250 + 1);
        MockHttpSession session = (MockHttpSession) mvc.perform(post("/login")
                        .with(csrf())
                        .header("User-Agent", userAgent)
                        .param("username", username)
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn()
                .getRequest()
                .getSession(false);
        assertThat(session).isNotNull();
        return new Signed(session, address);
    }

    int audited(String action, String username) {
        return jdbc.queryForObject(
                "select count(*) from audit_log where action = ? and target = ?",
                Integer.class,
                action,
                "user:" + username);
    }

    @Test
    void theAccountPageListsOnlyOnesOwnSessionsWithBrowserAddressAndThisOneMarked() throws Exception {
        UserView user = support.user("list", Role.AUDITOR);
        Signed laptop = login(user.username(), FIREFOX);
        Signed phone = login(user.username(), IPHONE);
        Signed stranger = login(support.user("stranger", Role.AUDITOR).username(), FIREFOX);

        String page = mvc.perform(get("/account").session(laptop.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Firefox 133 on Linux")))
                .andExpect(content().string(containsString("Safari 17 on iOS")))
                .andExpect(content().string(containsString(laptop.address())))
                .andExpect(content().string(containsString(phone.address())))
                .andExpect(content().string(not(containsString(stranger.address()))))
                .andExpect(content().string(containsString("id=\"sign-out-others\"")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // one "this session" tag, on the laptop's row, and a sign-out button for the phone only
        String laptopRow = page.substring(page.indexOf(laptop.address()));
        laptopRow = laptopRow.substring(0, laptopRow.indexOf("</tr>"));
        assertThat(laptopRow).contains("this session").doesNotContain("/sign-out");
        assertThat(page.split("this session</span>", -1)).hasSize(2);
        String phoneHandle = AccountSessions.digest(MockMvcSessionIds.storedId(phone.session()));
        assertThat(page).contains("/account/sessions/" + phoneHandle + "/sign-out");
        assertThat(page).doesNotContain(MockMvcSessionIds.storedId(phone.session()));
    }

    @Test
    void signingOutAnotherSessionEndsItEverywhereAndIsAudited() throws Exception {
        UserView user = support.user("one", Role.OPERATOR);
        Signed laptop = login(user.username(), FIREFOX);
        Signed phone = login(user.username(), IPHONE);
        String phoneHandle = AccountSessions.digest(MockMvcSessionIds.storedId(phone.session()));

        mvc.perform(post("/account/sessions/" + phoneHandle + "/sign-out")
                        .with(csrf())
                        .session(laptop.session()))
                .andExpect(redirectedUrl("/account#sessions"))
                .andExpect(flash().attribute("flash", "That session is signed out."));

        // the phone is told it was signed out, once; the laptop goes on
        mvc.perform(get("/domains").session(phone.session())).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/domains").session(phone.session())).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/account").session(laptop.session())).andExpect(status().isOk());
        assertThat(jdbc.queryForObject(
                        "select count(*) from spring_session where principal_name = ?", Integer.class, user.username()))
                .isEqualTo(1);
        assertThat(audited("session.signed-out", user.username())).isEqualTo(1);
    }

    @Test
    void aHandleOfSomeoneElsesSessionSignsNothingOut() throws Exception {
        Signed mine = login(support.user("me", Role.OPERATOR).username(), FIREFOX);
        Signed theirs = login(support.user("them", Role.OPERATOR).username(), FIREFOX);
        String theirHandle = AccountSessions.digest(MockMvcSessionIds.storedId(theirs.session()));

        mvc.perform(post("/account/sessions/" + theirHandle + "/sign-out")
                        .with(csrf())
                        .session(mine.session()))
                .andExpect(redirectedUrl("/account#sessions"))
                .andExpect(flash().attribute("flashError", "That session had already ended."));

        mvc.perform(get("/account").session(theirs.session())).andExpect(status().isOk());
    }

    @Test
    void signingOutEverywhereElseEndsTheOtherSessionsAndKeepsThisOne() throws Exception {
        UserView user = support.user("all", Role.AUDITOR);
        Signed laptop = login(user.username(), FIREFOX);
        Signed phone = login(user.username(), IPHONE);
        Signed tablet = login(user.username(), IPHONE);
        Signed other = login(support.user("bystander", Role.AUDITOR).username(), FIREFOX);

        mvc.perform(post("/account/sessions/sign-out-others").with(csrf()).session(laptop.session()))
                .andExpect(redirectedUrl("/account#sessions"))
                .andExpect(flash().attribute("flash", "2 other sessions signed out."));

        for (Signed ended : List.of(phone, tablet)) {
            mvc.perform(get("/account").session(ended.session())).andExpect(redirectedUrl("/login?logout"));
        }
        mvc.perform(get("/account").session(laptop.session())).andExpect(status().isOk());
        mvc.perform(get("/account").session(other.session())).andExpect(status().isOk());
        assertThat(audited("session.signed-out-everywhere", user.username())).isEqualTo(1);
    }

    @Test
    void disablingAUserDeletesTheirStoredSessionsAtOnceAndAuditsIt() throws Exception {
        UserView user = support.user("gone", Role.OPERATOR);
        login(user.username(), FIREFOX);
        login(user.username(), IPHONE);
        Signed admin = login(support.user("boss", Role.ADMIN).username(), FIREFOX);

        mvc.perform(post("/admin/users/" + user.id())
                        .with(csrf())
                        .session(admin.session())
                        .param("displayName", user.displayName())
                        .param("role", "OPERATOR")
                        .param("enabled", "false"))
                .andExpect(redirectedUrl("/admin/users/" + user.id()));

        assertThat(jdbc.queryForObject(
                        "select count(*) from spring_session where principal_name = ?", Integer.class, user.username()))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select detail from audit_log where action = 'session.revoked' and target = ?",
                        String.class,
                        "user:" + user.username()))
                .startsWith("2 sessions ended");
    }

    @Test
    void aSessionEndsAtTheAbsoluteTimeoutHoweverBusyAndTheEndIsAudited() throws Exception {
        UserView user = support.user("old", Role.OPERATOR);
        Signed laptop = login(user.username(), FIREFOX);
        mvc.perform(get("/domains").session(laptop.session())).andExpect(status().isOk());
        // signed in 25 hours ago (the default absolute timeout is 24 hours), used a moment ago
        jdbc.update(
                "update spring_session set creation_time = creation_time - ? where session_id = ?",
                25L * 3600 * 1000,
                MockMvcSessionIds.storedId(laptop.session()));

        mvc.perform(get("/domains").session(laptop.session())).andExpect(redirectedUrl("/login?expired"));
        mvc.perform(get("/domains").session(laptop.session())).andExpect(redirectedUrl("/login"));
        assertThat(audited("session.expired", user.username())).isEqualTo(1);
    }

    @Test
    void aSessionIsStoredWithTheIdleTimeoutAndSigningOutIsAudited() throws Exception {
        UserView user = support.user("idle", Role.AUDITOR);
        Signed laptop = login(user.username(), FIREFOX);
        assertThat(jdbc.queryForObject(
                        "select max_inactive_interval from spring_session where session_id = ?",
                        Integer.class,
                        MockMvcSessionIds.storedId(laptop.session())))
                .isEqualTo(8 * 3600);

        mvc.perform(post("/logout").with(csrf()).session(laptop.session())).andExpect(redirectedUrl("/login?logout"));

        assertThat(audited("session.signed-out", user.username())).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from spring_session where principal_name = ?", Integer.class, user.username()))
                .isZero();
    }

    long lastAccess(Signed signed) {
        return jdbc.queryForObject(
                "select last_access_time from spring_session where session_id = ?",
                Long.class,
                MockMvcSessionIds.storedId(signed.session()));
    }

    void idleFor(Signed signed, Duration idle) {
        jdbc.update(
                "update spring_session set last_access_time = last_access_time - ?, expiry_time = expiry_time - ?"
                        + " where session_id = ?",
                idle.toMillis(),
                idle.toMillis(),
                MockMvcSessionIds.storedId(signed.session()));
    }

    @Test
    void aPageWritesTheLastAccessTimeOnlyOnceItMovedOnByAMinute() throws Exception {
        UserView user = support.user("quiet", Role.AUDITOR);
        Signed laptop = login(user.username(), FIREFOX);
        mvc.perform(get("/domains").session(laptop.session())).andExpect(status().isOk());
        long stored = lastAccess(laptop);

        mvc.perform(get("/domains").session(laptop.session())).andExpect(status().isOk());
        mvc.perform(get("/account").session(laptop.session())).andExpect(status().isOk());
        assertThat(lastAccess(laptop)).isEqualTo(stored);

        idleFor(laptop, Duration.ofSeconds(61));
        long before = System.currentTimeMillis();
        mvc.perform(get("/domains").session(laptop.session())).andExpect(status().isOk());
        assertThat(lastAccess(laptop)).isGreaterThanOrEqualTo(before);
    }

    @Test
    void aSessionIdleLongerThanTheIdleTimeoutEnds() throws Exception {
        UserView user = support.user("away", Role.AUDITOR);
        Signed laptop = login(user.username(), FIREFOX);
        mvc.perform(get("/domains").session(laptop.session())).andExpect(status().isOk());

        idleFor(laptop, Duration.ofHours(8).plusSeconds(1));

        mvc.perform(get("/domains").session(laptop.session())).andExpect(redirectedUrl("/login"));
        assertThat(jdbc.queryForObject(
                        "select count(*) from spring_session where principal_name = ?", Integer.class, user.username()))
                .isZero();
    }

    @Test
    void anApiTokenRequestOpensNoSession() throws Exception {
        UserView owner = support.user("api", Role.OPERATOR);
        String token = support.apiToken(owner, Role.AUDITOR);

        var response = mvc.perform(get("/api/v1/domains").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();

        assertThat(response.getHeaders("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
        assertThat(jdbc.queryForObject(
                        "select count(*) from spring_session where principal_name = ?",
                        Integer.class,
                        owner.username()))
                .isZero();
    }
}
