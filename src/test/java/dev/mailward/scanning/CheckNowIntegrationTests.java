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
import org.junit.jupiter.api.Test;

/** "Check now" on the domain page: runs the DNS checks in the background and shows what they saw. */
class CheckNowIntegrationTests extends ScanningTestSupport {

    @Test
    void operatorRunsTheChecksAndSeesResultsFindingsAndEvidence() throws Exception {
        TeamRef team = accounts.team("scan");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("checknow");
        serve(name, "v=spf1 +all");
        long id = domain(name, team, 1440, List.of());

        String page = mvc.perform(get("/domains/{id}", id).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("id=\"check-now\"").contains("/domains/" + id + "/results");

        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());

        String html = awaitResults(id, operator);
        assertThat(html)
                .contains("data-check=\"spf\"")
                .contains("data-check=\"dmarc\"")
                .contains("data-check=\"mx\"");
        // +all is a FAIL with the finding's code, its message names the value, and the mitigation is shown
        assertThat(html).contains("status-FAIL").contains("spf-dkim");
        assertThat(html).containsPattern("SPF_[A-Z_]*ALL");
        // the DNS answers are evidence: name, type, TTL, data, server
        assertThat(html)
                .contains(name + ". TXT")
                .contains("300")
                .contains("v=spf1 +all")
                .contains("127.0.0.1");
        // the history and the current state hold it
        assertThat(jdbc.queryForObject(
                        "select count(*) from check_result where domain_id = ? and check_id = 'spf'",
                        Integer.class,
                        id))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select status from current_result where domain_id = ? and check_id = 'spf'", String.class, id))
                .isEqualTo("FAIL");
    }

    @Test
    void outsideDataIsShownEscaped() throws Exception {
        TeamRef team = accounts.team("scan");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("hostile");
        serve(name, "v=spf1 -all", "<script>alert(1)</script>");
        long id = domain(name, team, 1440, List.of());

        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String html = awaitResults(id, operator);

        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void auditorSeesResultsButCannotRunChecks() throws Exception {
        TeamRef team = accounts.team("scan");
        UserView auditor = user("aud", Role.AUDITOR, team);
        String name = uniqueDomain("auditor");
        serve(name, "v=spf1 -all");
        long id = domain(name, team, 1440, List.of());

        String page = mvc.perform(get("/domains/{id}", id).with(as(auditor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).doesNotContain("id=\"check-now\"");
        mvc.perform(post("/domains/{id}/check", id).with(as(auditor)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/domains/{id}/results", id).with(as(auditor))).andExpect(status().isOk());
        assertThat(jdbc.queryForObject("select count(*) from scan_run_item where domain_id = ?", Integer.class, id))
                .isZero();
    }

    @Test
    void anotherTeamsDomainIsNotFound() throws Exception {
        TeamRef team = accounts.team("scan");
        TeamRef other = accounts.team("other");
        UserView stranger = user("op", Role.OPERATOR, other);
        String name = uniqueDomain("private");
        serve(name, "v=spf1 -all");
        long id = domain(name, team, 1440, List.of());

        mvc.perform(post("/domains/{id}/check", id).with(as(stranger)).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/domains/{id}/results", id).with(as(stranger))).andExpect(status().isNotFound());
        assertThat(jdbc.queryForObject("select count(*) from scan_run_item where domain_id = ?", Integer.class, id))
                .isZero();
    }

    private String awaitResults(long id, UserView user) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            String html = mvc.perform(
                                            get("/domains/{id}/results", id).with(as(user)))
                                    .andExpect(status().isOk())
                                    .andReturn()
                                    .getResponse()
                                    .getContentAsString();
                            return html.contains("domain-scan-running") || !html.contains("data-check=") ? null : html;
                        },
                        h -> h != null);
    }
}
