package dev.mailward.dashboard;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dashboard with no domain says how to add the first one: the add and import pages for a role that may add,
 * who can for a read-only role. A dashboard with domains, or filtered to nothing, does not.
 */
class FirstRunDashboardIntegrationTests extends DashboardTestSupport {

    @Test
    void anEmptyDashboardLeadsAnOperatorToAddOrImportTheFirstDomain() throws Exception {
        TeamRef empty = accounts.team("first-run");
        UserView operator = accounts.user("first-op", Role.OPERATOR, empty);
        mvc.perform(get("/dashboard").with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"first-domain\"")))
                .andExpect(content().string(containsString("href=\"/domains/new\">Add a domain</a>")))
                .andExpect(content().string(containsString("href=\"/domains/import\">Import a list</a>")));
    }

    @Test
    void anEmptyDashboardTellsAReadOnlyRoleWhoCanAdd() throws Exception {
        TeamRef empty = accounts.team("first-run-ro");
        UserView auditor = accounts.user("first-aud", Role.AUDITOR, empty);
        mvc.perform(get("/dashboard").with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"first-domain\"")))
                .andExpect(content().string(containsString("an operator of your team or an administrator can add")))
                .andExpect(content().string(not(containsString("href=\"/domains/new\""))));
    }

    @Test
    void aDashboardWithDomainsOrFilteredToNoneSaysNothingAboutAFirstDomain() throws Exception {
        TeamRef team = accounts.team("first-run-has");
        UserView operator = accounts.user("first-has", Role.OPERATOR, team);
        long id = seed().domain(unique("has"), team.id(), List.of("prod"));
        refresher.refresh(id);
        mvc.perform(get("/dashboard").with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"first-domain\""))));
        mvc.perform(get("/dashboard").param("tag", "no-such-tag").with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"first-domain\""))));
    }
}
