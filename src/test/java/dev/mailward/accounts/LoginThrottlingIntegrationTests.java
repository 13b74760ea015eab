package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.audit.AuditEntry;
import dev.mailward.audit.AuditLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@MailwardIntegrationTest
class LoginThrottlingIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    AuditLog auditLog;

    UserView victim;

    @BeforeEach
    void setUp() {
        victim = support.user("victim", Role.OPERATOR, support.team("t"));
    }

    /** A client address no other attempt in this JVM used, so only the account counter matters. */
    static String freshAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    ResultActions login(String username, String password, String address) throws Exception {
        return mvc.perform(post("/login")
                .with(csrf())
                .param("username", username)
                .param("password", password)
                .with(r -> {
                    r.setRemoteAddr(address);
                    return r;
                }));
    }

    @Test
    void fiveFailuresFromOneAddressLockTheAccountThereAndEvenTheRightPasswordIsRefused() throws Exception {
        String attacker = freshAddress();
        for (int i = 1; i <= 4; i++) {
            login(victim.username(), "wrong password " + i, attacker).andExpect(redirectedUrl("/login?error"));
        }
        login(victim.username(), "wrong password 5", attacker).andExpect(redirectedUrl("/login?locked=15"));
        assertThat(support.reload(victim.id()).locked()).isTrue();

        login(victim.username(), AccountsTestSupport.PASSWORD, attacker).andExpect(redirectedUrl("/login?locked=15"));
        mvc.perform(get("/login").param("locked", "15"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Too many failed attempts, try again in 15 minutes.")));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                auditLog.search("account.locked", victim.username(), PageRequest.of(0, 10))
                                        .getContent())
                        .extracting(AuditEntry::target, AuditEntry::sourceAddress)
                        .containsExactly(tuple("user:" + victim.username(), attacker)));
    }

    @Test
    void anAdminUnlocksALockedAccount() throws Exception {
        String address = freshAddress();
        for (int i = 1; i <= 5; i++) {
            login(victim.username(), "wrong password " + i, address);
        }
        assertThat(support.reload(victim.id()).locked()).isTrue();
        UserView admin = support.user("unlocker", Role.ADMIN);

        mvc.perform(post("/admin/users/" + victim.id() + "/unlock")
                        .with(csrf())
                        .with(user(support.principal(admin.username()))))
                .andExpect(status().is3xxRedirection());

        assertThat(support.reload(victim.id()).locked()).isFalse();
        // every lock of the account is lifted, that of the address it was locked from included
        login(victim.username(), AccountsTestSupport.PASSWORD, address).andExpect(redirectedUrl("/"));
        assertThat(support.reload(victim.id()).lastLoginAt()).isPresent();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(auditLog.search("user.changed", admin.username(), PageRequest.of(0, 10))
                                .getContent())
                        .extracting(AuditEntry::detail)
                        .contains("unlocked"));
    }

    @Test
    void aSuccessfulLoginResetsTheAccountCounter() throws Exception {
        for (int i = 1; i <= 4; i++) {
            login(victim.username(), "wrong password " + i, freshAddress()).andExpect(redirectedUrl("/login?error"));
        }
        login(victim.username(), AccountsTestSupport.PASSWORD, freshAddress()).andExpect(redirectedUrl("/"));
        for (int i = 1; i <= 4; i++) {
            login(victim.username(), "wrong again " + i, freshAddress()).andExpect(redirectedUrl("/login?error"));
        }
        assertThat(support.reload(victim.id()).locked()).isFalse();
    }

    @Test
    void fiveFailuresFromOneAddressBlockThatAddressForEveryAccount() throws Exception {
        String attacker = freshAddress();
        for (int i = 1; i <= 4; i++) {
            login("nobody-" + i, "guess guess guess", attacker).andExpect(redirectedUrl("/login?error"));
        }
        login("nobody-5", "guess guess guess", attacker).andExpect(redirectedUrl("/login?locked=15"));

        login(victim.username(), AccountsTestSupport.PASSWORD, attacker).andExpect(redirectedUrl("/login?locked=15"));
        // the account itself is not locked: from elsewhere its owner gets in
        assertThat(support.reload(victim.id()).locked()).isFalse();
        login(victim.username(), AccountsTestSupport.PASSWORD, freshAddress()).andExpect(redirectedUrl("/"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(auditLog.search("address.blocked", null, PageRequest.of(0, 50))
                                .getContent())
                        .extracting(AuditEntry::sourceAddress)
                        .contains(attacker));
    }

    @Test
    void aDisabledUserCannotLogIn() throws Exception {
        support.setEnabled(victim, false);
        login(victim.username(), AccountsTestSupport.PASSWORD, freshAddress()).andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/login").param("error", ""))
                .andExpect(content().string(containsString("Invalid user name or password.")));
    }
}
