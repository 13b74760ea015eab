package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second factor end to end on the real database: enrolment (a key confirmed by a code, recovery codes),
 * codes accepted once (replay refused, with an injected clock), the sign-in's second step behind the login
 * throttle, HTTP Basic refused to an account with a second factor, and an admin's reset; each audited.
 */
@MailwardIntegrationTest
class SecondFactorSignInIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    SecondFactorService service;

    @Autowired
    SecondFactorRepository rows;

    @Autowired
    PasskeyRepository passkeyRows;

    @Autowired
    SecondFactorProperties properties;

    @Autowired
    AccountsProperties accountsProperties;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path keys;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private SecondFactorService serviceAt(MovableClock clock) {
        return new SecondFactorService(
                rows,
                passkeyRows,
                events,
                properties,
                accountsProperties,
                new dev.mailward.shared.SecretBox("test", "", keys.resolve("k"), "test keys"),
                clock);
    }

    private static String codeAt(String secret, Instant at) {
        return Totp.format(Totp.code(Totp.fromBase32(secret), Math.floorDiv(at.getEpochSecond(), Totp.STEP_SECONDS)));
    }

    private List<String> audit(String username, String action) {
        return jdbc.queryForList(
                "select coalesce(detail, '') from audit_log where target = ? and action = ? order by id",
                String.class,
                "user:" + username,
                action);
    }

    @Test
    void aCodeIsAcceptedOnceAndRecoveryCodesOnceEach() {
        UserView u = support.user("totp-once", Role.OPERATOR);
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:10Z"));
        SecondFactorService at = serviceAt(clock);
        String secret = tx.execute(s -> at.startEnrolment(u.id(), u.username())).secret();
        List<String> recovery = tx.execute(s -> at.confirmEnrolment(u.id(), u.username(), codeAt(secret, clock.now)));
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(audit(u.username(), "second-factor.enrolled")).containsExactly("method=TOTP");
        // the enrolment's code was used: not again, in the same step
        assertThat(at.verify(u.id(), codeAt(secret, clock.now))).isFalse();
        clock.now = clock.now.plus(Duration.ofSeconds(30));
        String next = codeAt(secret, clock.now);
        assertThat(at.verify(u.id(), next)).isTrue();
        assertThat(at.verify(u.id(), next)).as("replay").isFalse();
        // the next step's code (a phone a step ahead) is accepted, then the current one is older: refused
        String ahead = codeAt(secret, clock.now.plus(Duration.ofSeconds(30)));
        clock.now = clock.now.plus(Duration.ofSeconds(60));
        assertThat(at.verify(u.id(), codeAt(secret, clock.now.plus(Duration.ofSeconds(60)))))
                .as("two steps ahead")
                .isFalse();
        assertThat(at.verify(u.id(), ahead)).as("one step behind").isTrue();

        assertThat(at.verify(u.id(), recovery.get(3))).isTrue();
        assertThat(at.verify(u.id(), recovery.get(3)))
                .as("a recovery code twice")
                .isFalse();
        assertThat(at.verify(u.id(), recovery.get(4).toUpperCase())).isTrue();
        assertThat(at.verify(u.id(), "zzzzz-zzzzz")).isFalse();
        assertThat(at.status(u.id(), Role.OPERATOR).recoveryCodesLeft()).isEqualTo(8);
        // the key is not stored in clear
        assertThat(jdbc.queryForObject("select totp_secret from second_factor where user_id = ?", String.class, u.id()))
                .startsWith("v1:")
                .doesNotContain(secret);
    }

    private MockHttpSession password(UserView u, String address) throws Exception {
        MvcResult result = mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", u.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        }))
                .andExpect(redirectedUrl("/login/second-factor"))
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private static String address() {
        int n = ADDRESSES.getAndIncrement();
        return "10.91." + (n / 250) + "." + (n % 250 + 1);
    }

    @Test
    void signInAsksForTheSecondStepThrottlesItAndAuditsTheMethod() throws Exception {
        UserView u = support.user("totp-web", Role.OPERATOR);
        String secret = service.startEnrolment(u.id(), u.username()).secret();
        List<String> recovery = service.confirmEnrolment(u.id(), u.username(), codeAt(secret, Instant.now()));

        String address = address();
        MockHttpSession session = password(u, address);
        // not signed in yet: every page goes to the login page
        mvc.perform(get("/account").session(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(post("/login/second-factor")
                        .session(session)
                        .with(csrf())
                        .param("code", "000000")
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        }))
                .andExpect(status().isOk());
        mvc.perform(get("/account").session(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(post("/login/second-factor")
                        .session(session)
                        .with(csrf())
                        .param("code", recovery.get(0))
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        }))
                // back to the page asked for before the sign-in
                .andExpect(redirectedUrl("http://localhost/account?continue"));
        mvc.perform(get("/account").session(session)).andExpect(status().isOk());
        assertThat(audit(u.username(), "login.second-factor.failed")).containsExactly("method=TOTP");
        assertThat(audit(u.username(), "login.second-factor.succeeded")).containsExactly("method=RECOVERY_CODE");
        assertThat(audit(u.username(), "login.succeeded")).hasSize(1);

        // the same recovery code does not open a second session
        String other = address();
        MockHttpSession second = password(u, other);
        mvc.perform(post("/login/second-factor")
                        .session(second)
                        .with(csrf())
                        .param("code", recovery.get(0))
                        .with(r -> {
                            r.setRemoteAddr(other);
                            return r;
                        }))
                .andExpect(status().isOk());

        // wrong codes count as failed logins: the address is locked after max-failures, then back to login
        int max = accountsProperties.lockout().maxFailures();
        MvcResult last = null;
        for (int i = 1; i < max; i++) {
            last = mvc.perform(post("/login/second-factor")
                            .session(second)
                            .with(csrf())
                            .param("code", "wrong-code")
                            .with(r -> {
                                r.setRemoteAddr(other);
                                return r;
                            }))
                    .andReturn();
        }
        assertThat(last.getResponse().getRedirectedUrl()).startsWith("/login?locked=");
    }

    @Test
    void anAdminResetsASecondFactorAndItIsAudited() throws Exception {
        UserView u = support.user("totp-reset", Role.AUDITOR);
        UserView admin = support.user("totp-admin", Role.ADMIN);
        String secret = service.startEnrolment(u.id(), u.username()).secret();
        service.confirmEnrolment(u.id(), u.username(), codeAt(secret, Instant.now()));
        mvc.perform(
                        post("/admin/users/" + u.id() + "/second-factor/reset")
                                .with(csrf())
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(
                                        support.principal(admin.username()))))
                .andExpect(redirectedUrl("/admin/users/" + u.id()));
        assertThat(service.enrolled(u.id())).isFalse();
        assertThat(audit(u.username(), "second-factor.reset")).containsExactly("method=TOTP");
        mvc.perform(get("/api/v1/domains").with(httpBasic(u.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isOk());
        // signs in with the password alone again
        mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", u.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr(address());
                            return r;
                        }))
                .andExpect(redirectedUrl("/"));
    }
}
