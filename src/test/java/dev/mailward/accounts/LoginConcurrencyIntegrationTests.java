package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.audit.AuditEntry;
import dev.mailward.audit.AuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The login throttle under concurrency and under floods: attempts that arrive together cannot
 * check more passwords than the policy allows, every attempt gets one answer (never a 5xx) and
 * every login one audit entry, refused attempts do not flood the audit log, and a stranger cannot
 * lock the owner out.
 */
@MailwardIntegrationTest
class LoginConcurrencyIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    AuditLog auditLog;

    @Autowired
    RefusedLogins refusedLogins;

    @Autowired
    LoginAttempts attempts;

    /** One answer of the login form: status and where it sends the browser. */
    record Answer(int status, String location) {}

    Answer login(String username, String password, String address) throws Exception {
        MockHttpServletResponse r = mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", username)
                        .param("password", password)
                        .with(request -> {
                            request.setRemoteAddr(address);
                            return request;
                        }))
                .andReturn()
                .getResponse();
        return new Answer(r.getStatus(), r.getRedirectedUrl());
    }

    interface Attempt {
        Answer run(int i) throws Exception;
    }

    /** Runs {@code n} attempts released at the same instant, each on its own thread. */
    static List<Answer> simultaneously(int n, Attempt attempt) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return attempt.run(index);
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    List<AuditEntry> audit(String action, String actor) {
        return auditLog.search(action, actor, PageRequest.of(0, 2000)).getContent();
    }

    @Test
    void passwordsAreHashedOnPlatformThreadsNotOnARequestsVirtualThread() throws Exception {
        // requests run on virtual threads; a hash there would hold a carrier thread and starve the requests
        // that hold database connections (a 50-user login burst answered 503 after the pool wait)
        Thread request = Thread.ofVirtual().unstarted(() -> {
            assertThat(attempts.onCheckThread(() -> Thread.currentThread().isVirtual()))
                    .isFalse();
            assertThat(attempts.onCheckThread(() -> Thread.currentThread().getName()))
                    .startsWith("password-check-");
        });
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        request.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        request.start();
        request.join();
        assertThat(failure.get()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> attempts.onCheckThread(() -> {
                    throw new org.springframework.security.authentication.BadCredentialsException("wrong");
                }))
                .isInstanceOf(org.springframework.security.authentication.BadCredentialsException.class);
    }

    @Test
    void fortySimultaneousGuessesFromFortyAddressesCheckAtMostFivePasswords() throws Exception {
        UserView victim = support.user("raced", Role.OPERATOR, support.team("t"));

        List<Answer> answers = simultaneously(
                40, i -> login(victim.username(), "wrong guess " + i, LoginThrottlingIntegrationTests.freshAddress()));

        assertThat(answers).extracting(Answer::status).containsOnly(302);
        assertThat(answers)
                .extracting(Answer::location)
                .allMatch(l ->
                        l.equals("/login?error") || l.startsWith("/login?wait=") || l.startsWith("/login?locked="));
        long wrong = answers.stream()
                .filter(a -> a.location().equals("/login?error"))
                .count();
        assertThat(wrong).isLessThanOrEqualTo(4);
        // every checked password leaves one bad-credentials entry: the four answered "wrong" and the fifth,
        // which started the delay; no more, however the forty were interleaved
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(audit("login.failed", victim.username()))
                        .filteredOn(e -> e.detail().contains("bad-credentials"))
                        .hasSize((int) wrong + 1));
        assertThat(audit("login.failed", victim.username())).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void thirtySimultaneousRightPasswordsOnOneAccountAllSignInAndAreEachAuditedOnce() throws Exception {
        UserView user = support.user("busy", Role.OPERATOR, support.team("t"));

        List<Answer> answers = simultaneously(
                30,
                i -> login(
                        user.username(), AccountsTestSupport.PASSWORD, LoginThrottlingIntegrationTests.freshAddress()));

        assertThat(answers).containsOnly(new Answer(302, "/"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(audit("login.succeeded", user.username())).hasSize(30));
        assertThat(support.reload(user.id()).lastLoginAt()).isPresent();
        assertThat(support.reload(user.id()).locked()).isFalse();
    }

    @Test
    void aThousandRefusedAttemptsFromABlockedAddressWriteOneSummaryNotAThousandEntries() throws Exception {
        String attacker = LoginThrottlingIntegrationTests.freshAddress();
        String prefix = AccountsTestSupport.unique("sprayed");
        for (int i = 1; i <= 5; i++) {
            login(prefix + "-" + i, "guess guess guess", attacker);
        }
        String flooded = AccountsTestSupport.unique("flooded");

        List<Answer> answers = simultaneously(8, t -> {
            Answer last = null;
            for (int i = 0; i < 125; i++) {
                last = login(flooded, "guess guess guess", attacker);
                assertThat(last.location()).startsWith("/login?locked=");
            }
            return last;
        });
        refusedLogins.flush();

        assertThat(answers).hasSize(8);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(audit("login.refused", "system"))
                        .filteredOn(e -> attacker.equals(e.sourceAddress()))
                        .extracting(AuditEntry::detail)
                        .singleElement()
                        .asString()
                        .startsWith("1000 refused attempts from " + attacker + " between ")
                        .contains("user names: " + flooded + ")"));
        assertThat(audit("login.failed", flooded)).isEmpty();
        assertThat(auditLog.search((String) null, null, PageRequest.of(0, 2000)).getContent())
                .filteredOn(e -> attacker.equals(e.sourceAddress()))
                .hasSizeLessThanOrEqualTo(7);
    }

    @Test
    void aStrangersFailuresFromTheirAddressDoNotKeepTheOwnerOutOfTheirs() throws Exception {
        UserView owner = support.user("owner", Role.ADMIN);
        String stranger = LoginThrottlingIntegrationTests.freshAddress();
        String home = LoginThrottlingIntegrationTests.freshAddress();
        for (int i = 1; i <= 5; i++) {
            login(owner.username(), "guess " + i, stranger);
        }
        for (int i = 1; i <= 20; i++) {
            assertThat(login(owner.username(), "guess again " + i, stranger))
                    .isEqualTo(new Answer(302, "/login?locked=15"));
        }
        // the right password does not help the stranger's address either
        assertThat(login(owner.username(), AccountsTestSupport.PASSWORD, stranger))
                .isEqualTo(new Answer(302, "/login?locked=15"));

        // from their own address the owner waits at most the delay the five failures started (1 s)
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(login(owner.username(), AccountsTestSupport.PASSWORD, home))
                        .isEqualTo(new Answer(302, "/")));
        assertThat(audit("login.failed", owner.username())).hasSize(5);
    }

    @Test
    void theDelayPageSaysHowManySeconds() throws Exception {
        UserView user = support.user("delayed", Role.AUDITOR);
        for (int i = 1; i <= 4; i++) {
            login(user.username(), "wrong " + i, LoginThrottlingIntegrationTests.freshAddress());
        }
        assertThat(login(user.username(), "wrong 5", LoginThrottlingIntegrationTests.freshAddress()))
                .isEqualTo(new Answer(302, "/login?wait=1"));
        assertThat(mvc.perform(get("/login").param("wait", "8"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Too many failed attempts on this account, try again in 8 seconds.");
    }
}
