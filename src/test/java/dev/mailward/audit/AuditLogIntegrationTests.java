package dev.mailward.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.UserView;
import dev.mailward.shared.AuditableAction;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@MailwardIntegrationTest
class AuditLogIntegrationTests {

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Test
    void theDatabaseRefusesUpdateDeleteAndTruncate() {
        auditLog.append(new AuditableAction("tester", "127.0.0.1", "test.append-only", "row", "original"));
        assertThatThrownBy(
                        () -> jdbc.update("update audit_log set detail = 'forged' where action = 'test.append-only'"))
                .rootCause()
                .hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_log where action = 'test.append-only'"))
                .rootCause()
                .hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_log"))
                .rootCause()
                .hasMessageContaining("audit_log is append-only");
        assertThat(jdbc.queryForList("select detail from audit_log where action = 'test.append-only'", String.class))
                .containsOnly("original");
    }

    @Test
    void userCreationAndPublishedActionsAreAudited() {
        UserView created = support.user("audited", Role.AUDITOR);
        String target = "domain:" + AccountsTestSupport.unique("x") + ".example";
        tx.executeWithoutResult(s ->
                events.publishEvent(new AuditableAction("someone", "192.0.2.1", "domain.added", target, "team=1")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(auditLog.search("user.created", "test", PageRequest.of(0, 200))
                            .getContent())
                    .extracting(AuditEntry::target)
                    .contains("user:" + created.username());
            assertThat(auditLog.search("domain.added", "someone", PageRequest.of(0, 200))
                            .getContent())
                    .extracting(AuditEntry::target)
                    .contains(target);
        });
    }

    @Test
    void adminsPageThroughTheLogNewestFirstAndFilter() throws Exception {
        String actor = AccountsTestSupport.unique("pager");
        for (int i = 0; i < 55; i++) {
            auditLog.append(new AuditableAction(actor, null, "test.paging", "item-" + i, null));
        }
        assertThat(auditLog.search("test.paging", actor, PageRequest.of(0, 50)).getContent())
                .hasSize(50)
                .first()
                .extracting(AuditEntry::target)
                .isEqualTo("item-54");
        UserView admin = support.user("auditadmin", Role.ADMIN);
        mvc.perform(get("/admin/audit")
                        .param("actor", actor)
                        .param("page", "1")
                        .with(user(support.principal(admin.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("item-4<")))
                .andExpect(content().string(containsString("Page 2 of 2")));
        UserView auditor = support.user("notadmin", Role.AUDITOR);
        mvc.perform(get("/admin/audit").with(user(support.principal(auditor.username()))))
                .andExpect(status().isForbidden());
    }
}
