package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another team never sees a team's scans or changes: not in the scans list, not by id (page, progress
 * fragment, cancel), not on the changes page, and not through a domain page of its own while a mixed scan
 * (an admin's "scan everything") runs. Rows are written with SQL, so nothing is executed.
 */
class ScanScopingIntegrationTests extends ScanningTestSupport {

    private UserView operatorA;
    private UserView operatorB;
    private UserView admin;
    private String nameA;
    private String nameB;
    private long domainA;
    private long domainB;
    private long runA;
    private long runMixed;
    private long runB;
    private long runOrphan;

    @BeforeEach
    void seed() {
        TeamRef teamA = accounts.team("scope-a");
        TeamRef teamB = accounts.team("scope-b");
        operatorA = user("scope-op-a", Role.OPERATOR, teamA);
        operatorB = user("scope-op-b", Role.OPERATOR, teamB);
        admin = user("scope-admin", Role.ADMIN);
        nameA = uniqueDomain("secret-a");
        nameB = uniqueDomain("mine-b");
        domainA = domain(nameA, teamA, 1440, List.of());
        domainB = domain(nameB, teamB, 1440, List.of());
        runA = run("domain:" + nameA, domainA, "DONE");
        runMixed = run("all", domainA, "RUNNING");
        jdbc.update(
                "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, 'PENDING', now())",
                runMixed,
                domainB);
        jdbc.update("update scan_run set total = 2 where id = ?", runMixed);
        runB = run("domain:" + nameB, domainB, "DONE");
        // a run whose only domain was deleted: its label still names it
        String gone = uniqueDomain("gone-a");
        long goneId = domain(gone, teamA, 1440, List.of());
        runOrphan = run("domain:" + gone, goneId, "DONE");
        jdbc.update("delete from domain where id = ?", goneId);
        change(domainA, nameA);
        change(domainB, nameB);
    }

    @Test
    void scansListShowsOnlyRunsWhollyOfTheUsersTeams() throws Exception {
        String b = page("/scans", operatorB);
        assertThat(b)
                .contains("/scans/" + runB + "\"")
                .doesNotContain(nameA)
                .doesNotContain("/scans/" + runA + "\"", "/scans/" + runMixed + "\"", "/scans/" + runOrphan + "\"");
        String a = page("/scans", operatorA);
        assertThat(a)
                .contains("/scans/" + runA + "\"")
                .doesNotContain(nameB)
                .doesNotContain("/scans/" + runMixed + "\"", "/scans/" + runB + "\"");
        assertThat(page("/scans", admin)).contains("/scans/" + runMixed + "\"");
    }

    @Test
    void anotherTeamsRunIsNotFoundByIdInEveryForm() throws Exception {
        for (long run : new long[] {runA, runMixed, runOrphan}) {
            mvc.perform(get("/scans/{id}", run).with(as(operatorB))).andExpect(status().isNotFound());
            mvc.perform(get("/scans/{id}/progress", run).with(as(operatorB))).andExpect(status().isNotFound());
            mvc.perform(post("/scans/{id}/cancel", run).with(as(operatorB)).with(csrf()))
                    .andExpect(status().isNotFound());
        }
        assertThat(jdbc.queryForObject(
                        "select cancelled_at is null from scan_run where id = ?", Boolean.class, runMixed))
                .isTrue();
        assertThat(page("/scans/" + runB + "/progress", operatorB)).contains("1 of 1 domain done");
        assertThat(page("/scans/" + runOrphan, admin)).contains("domain:");
    }

    @Test
    void changesPageShowsOnlyTheUsersDomainsWhateverTheFilter() throws Exception {
        String rowOfA = "href=\"/domains/" + domainA + "\"";
        assertThat(page("/changes", operatorB))
                .contains("href=\"/domains/" + domainB + "\"")
                .doesNotContain(nameA);
        // the filter echoes what was typed; the rows must not hold the other team's change
        assertThat(page("/changes?domain=" + nameA, operatorB))
                .doesNotContain(rowOfA)
                .contains("No changes");
        assertThat(page("/changes?domain=secret-a&check=spf&direction=WORSE", operatorB))
                .doesNotContain(rowOfA);
        assertThat(page("/changes?domain=" + nameA, operatorA)).contains(rowOfA);
    }

    @Test
    void ownDomainPageDuringAMixedScanNamesNoOtherTeamsDomain() throws Exception {
        // the results section says a scan is running (the mixed one) and names nothing of it
        assertThat(page("/domains/" + domainB + "/results", operatorB))
                .contains("id=\"domain-scan-running\"")
                .doesNotContain(nameA)
                .doesNotContain("secret-a");
    }

    private String page(String path, UserView user) throws Exception {
        return mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private long run(String label, long domainId, String state) {
        Long id = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) "
                        + "values (?, 'test', now(), 1) returning id",
                Long.class,
                label);
        jdbc.update(
                "insert into scan_run_item (scan_run_id, domain_id, state, updated_at) values (?, ?, ?, now())",
                id,
                domainId,
                state);
        return id;
    }

    private void change(long domainId, String name) {
        jdbc.update(
                "insert into change_event (domain_id, domain_name, check_id, target, direction, old_status, "
                        + "new_status, old_codes, new_codes, dns_changed, result_id, detected_at) values (?, ?, 'spf', ?, "
                        + "'WORSE', 'PASS', 'FAIL', '{}', '{SPF_NO_RECORD}', true, 0, now())",
                domainId,
                name,
                name);
    }
}
