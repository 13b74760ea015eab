package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** A changed zone becomes a confirmed change event on the changes page. */
class RegressionIntegrationTests extends ScanningTestSupport {

    @Test
    void weakenedSpfRecordIsReCheckedAndReportedAsRegressionThenAsRecovery() throws Exception {
        TeamRef team = accounts.team("regr");
        UserView operator = user("op", Role.OPERATOR, team);
        UserView stranger = user("op", Role.OPERATOR, accounts.team("other"));
        String name = uniqueDomain("regress");
        serve(name, "v=spf1 mx -all");
        long id = domain(name, team, 1440, List.of());
        checkNow(id, operator, 1);
        assertThat(changes(id, "spf")).isEmpty();

        serve(name, "v=spf1 +all");
        long before = txtQueries(name);
        checkNow(id, operator, 2);

        List<Map<String, Object>> changes = changes(id, "spf");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.get("check_id")).isEqualTo("spf");
            assertThat(c.get("direction")).isEqualTo("WORSE");
            assertThat(c.get("old_status")).isEqualTo("PASS");
            assertThat(c.get("new_status")).isEqualTo("FAIL");
            assertThat(c.get("dns_changed")).isEqualTo(true);
        });
        // the SPF record was read once by the run and once more by the confirming re-check
        assertThat(txtQueries(name) - before).isGreaterThanOrEqualTo(2);

        String page = mvc.perform(get("/changes")
                        .param("direction", "WORSE")
                        .param("domain", name)
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(name).contains("direction-WORSE").contains("status-FAIL");
        String hidden = mvc.perform(get("/changes").param("domain", name).with(as(stranger)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(hidden).doesNotContain("href=\"/domains/" + id + "\"");

        serve(name, "v=spf1 mx -all");
        checkNow(id, operator, 3);
        assertThat(changes(id, "spf")).extracting(c -> c.get("direction")).containsExactly("BETTER", "WORSE");
        String better = mvc.perform(get("/changes")
                        .param("direction", "BETTER")
                        .param("domain", name)
                        .with(as(operator)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(better).contains("direction-BETTER").doesNotContain("direction-WORSE\"");
    }

    @Test
    void changedRecordWithTheSameStatusIsAChange() throws Exception {
        TeamRef team = accounts.team("regr");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("changed");
        serve(name, "v=spf1 mx -all");
        long id = domain(name, team, 1440, List.of());
        checkNow(id, operator, 1);

        serve(name, "v=spf1 mx ip4:192.0.2.99 -all");
        checkNow(id, operator, 2);

        assertThat(changes(id, "spf")).singleElement().satisfies(c -> {
            assertThat(c.get("direction")).isEqualTo("CHANGED");
            assertThat(c.get("dns_changed")).isEqualTo(true);
        });
    }

    private void checkNow(long id, UserView user, int runs) throws Exception {
        mvc.perform(post("/domains/{id}/check", id).with(as(user)).with(csrf())).andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from check_run where domain_id = ? and finished_at is not null",
                                Integer.class,
                                id)
                        == runs);
    }

    private List<Map<String, Object>> changes(long id, String check) {
        return jdbc.queryForList(
                "select check_id, direction, old_status, new_status, dns_changed from change_event "
                        + "where domain_id = ? and check_id = ? order by id desc",
                id,
                check);
    }

    private long txtQueries(String name) {
        return DNS.queryCount(name + ".", Type.TXT);
    }
}
