package dev.mailward.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code /domains/{id}/results} opened directly (a bookmark, "open in new tab") is a page in the layout;
 * the domain pages' htmx request for the same address still gets the bare section it swaps in.
 */
@MailwardIntegrationTest
class DomainResultsPageIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void openedDirectlyTheResultsAreAPageAndForHtmxTheSection() throws Exception {
        TeamRef team = accounts.team("results-page");
        UserView auditor = accounts.user("results-page", Role.AUDITOR, team);
        String name = AccountsTestSupport.unique("rp") + ".test";
        long id = jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id());

        String page = mvc.perform(get("/domains/{id}/results", id).with(user(accounts.principal(auditor.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .startsWith("<!DOCTYPE html>")
                .contains("<title>Check results of " + name + "</title>")
                .contains("<nav class=\"mainnav\"")
                .contains("<main id=\"main\"")
                .contains("href=\"/domains/" + id + "\"")
                .contains("<section id=\"scan-results\"");

        String fragment = mvc.perform(get("/domains/{id}/results", id)
                        .header("HX-Request", "true")
                        .with(user(accounts.principal(auditor.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment.strip()).startsWith("<section id=\"scan-results\"").doesNotContain("<html", "mainnav");
    }
}
