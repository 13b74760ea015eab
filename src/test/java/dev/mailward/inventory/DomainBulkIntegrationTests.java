package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The inventory's export and bulk actions: the export is the import's format (exporting then importing gives
 * the same domains, teams, tags and DKIM selectors); a bulk delete or re-tag shows what will change on a page
 * that changes nothing, and only its POST (with the CSRF token) changes, audited per domain and per team;
 * auditors may not, another team's operator does not find the domains.
 */
@AutoConfigureMockMvc
class DomainBulkIntegrationTests extends InventoryTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    String p;
    long team;
    String teamName;
    String operator;
    String auditor;
    String stranger;

    @BeforeEach
    void seed() {
        p = unique("blk");
        teamName = "Bulk, team " + p;
        team = team(teamName);
        operator = user(unique("blkop"), Role.OPERATOR, team);
        auditor = user(unique("blkau"), Role.AUDITOR, team);
        stranger = user(unique("blkst"), Role.OPERATOR, team(unique("blk-other")));
    }

    private long domain(String name, String tags, String selectors) {
        return jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, tags, dkim_selectors, created_at, created_by, updated_at,
                                    discovery_status)
                values (?, ?, ?, string_to_array(?, ' '), string_to_array(?, ' '), now(), 'test', now(), 'MX_FOUND')
                returning id
                """, Long.class, dev.mailward.dns.DomainName.parse(name).ascii(), name, team, tags, selectors);
    }

    private String export() throws Exception {
        return mvc.perform(get("/domains/export.csv")
                        .param("team", String.valueOf(team))
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"domains.csv\""))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private List<Map<String, Object>> rows() {
        return jdbc.queryForList(
                "select a_label, u_label, team_id, tags, dkim_selectors from domain where team_id = ? order by a_label",
                team);
    }

    @Test
    void exportingThenImportingGivesTheSameDomainsTeamsTagsAndSelectors() throws Exception {
        domain("bücher." + p + ".test", "eu prod", "s2024 default");
        domain("plain." + p + ".test", "", "");
        domain("mail." + p + ".test", "lab", "k1");
        List<Map<String, Object>> before = rows().stream().map(this::comparable).toList();
        String csv = export();
        assertThat(csv.split("\r\n"))
                .containsExactly(
                        "domain,team,tags,selectors",
                        // by A-label, as the list: xn--bcher-kva comes last
                        "mail." + p + ".test,\"" + teamName + "\",lab,k1",
                        "plain." + p + ".test,\"" + teamName + "\",,",
                        "bücher." + p + ".test,\"" + teamName + "\",eu prod,s2024 default");

        jdbc.update("delete from domain where team_id = ?", team);
        asAdmin();
        ImportReport report = inventory.importDomains(csv.getBytes(StandardCharsets.UTF_8), Optional.empty());
        assertThat(report.errors()).isEmpty();
        assertThat(report.imported()).isEqualTo(3);
        assertThat(rows().stream().map(this::comparable).toList()).isEqualTo(before);
        assertThat(export()).isEqualTo(csv);
        Integer audited = jdbc.queryForObject(
                "select count(*) from audit_log where action = 'domains.exported' and team_id = ? and detail = 'domains=3'",
                Integer.class,
                team);
        assertThat(audited).isEqualTo(2);
    }

    private Map<String, Object> comparable(Map<String, Object> row) {
        try {
            return Map.of(
                    "a", row.get("a_label"),
                    "u", row.get("u_label"),
                    "team", row.get("team_id"),
                    "tags", List.of((String[]) ((java.sql.Array) row.get("tags")).getArray()),
                    "selectors", List.of((String[]) ((java.sql.Array) row.get("dkim_selectors")).getArray()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bulkDeleteShowsWhatWillBeRemovedThenRemovesOnPostAndAuditsIt() throws Exception {
        long one = domain("one." + p + ".test", "old", "");
        long two = domain("two." + p + ".test", "", "");
        long keep = domain("keep." + p + ".test", "", "");
        String page = mvc.perform(post("/domains/bulk")
                        .param("action", "delete")
                        .param("domainId", String.valueOf(one), String.valueOf(two))
                        .with(csrf())
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Remove 2 domains?")
                .contains("one." + p + ".test")
                .contains("two." + p + ".test")
                .doesNotContain("keep." + p + ".test")
                .contains("action=\"/domains/bulk/delete\"")
                .contains("name=\"_csrf\"");
        assertThat(rows()).hasSize(3);

        mvc.perform(post("/domains/bulk/delete")
                        .param("domainId", String.valueOf(one), String.valueOf(two))
                        .with(as(operator)))
                .andExpect(status().isForbidden());
        assertThat(rows()).hasSize(3);

        mvc.perform(post("/domains/bulk/delete")
                        .param("domainId", String.valueOf(one), String.valueOf(two))
                        .with(csrf())
                        .with(as(operator)))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/domains"));
        assertThat(rows()).extracting(r -> r.get("a_label")).containsExactly("keep." + p + ".test");
        assertThat(jdbc.queryForList(
                        "select target from audit_log where action = 'domain.removed' and target like ? order by target",
                        String.class,
                        "domain:%." + p + ".test"))
                .containsExactly("domain:one." + p + ".test", "domain:two." + p + ".test");
        assertThat(jdbc.queryForObject(
                        "select detail from audit_log where action = 'domains.bulk-removed' and team_id = ?",
                        String.class,
                        team))
                .isEqualTo("domains=2 names=one." + p + ".test,two." + p + ".test");
        assertThat(keep).isPositive();
    }

    @Test
    void bulkRetagShowsTagsBeforeAndAfterThenChangesThemOnPostAndAuditsIt() throws Exception {
        long one = domain("one." + p + ".test", "old prod", "");
        long two = domain("two." + p + ".test", "eu", "");
        String page = mvc.perform(post("/domains/bulk")
                        .param("action", "retag")
                        .param("domainId", String.valueOf(one), String.valueOf(two))
                        .param("addTags", "New, eu")
                        .param("removeTags", "old")
                        .with(csrf())
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Re-tag 2 domains?").contains(">new<").contains(">old<");
        assertThat(tags(one)).containsExactly("old", "prod");

        mvc.perform(post("/domains/bulk/retag")
                        .param("domainId", String.valueOf(one), String.valueOf(two))
                        .param("addTags", "New, eu")
                        .param("removeTags", "old")
                        .with(csrf())
                        .with(as(operator)))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/domains"));
        assertThat(tags(one)).containsExactly("eu", "new", "prod");
        assertThat(tags(two)).containsExactly("eu", "new");
        assertThat(jdbc.queryForObject(
                        "select detail from audit_log where action = 'domains.retagged' and team_id = ?",
                        String.class,
                        team))
                .isEqualTo("domains=2 add=eu,new remove=old names=one." + p + ".test,two." + p + ".test");
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_log where action = 'domain.changed' and target like ?",
                        Integer.class,
                        "domain:%." + p + ".test"))
                .isEqualTo(2);
    }

    @Test
    void auditorsMayNotAndAnotherTeamsOperatorDoesNotFindTheDomains() throws Exception {
        long one = domain("one." + p + ".test", "old", "");
        mvc.perform(post("/domains/bulk")
                        .param("action", "delete")
                        .param("domainId", String.valueOf(one))
                        .with(csrf())
                        .with(as(auditor)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/domains/bulk/delete")
                        .param("domainId", String.valueOf(one))
                        .with(csrf())
                        .with(as(auditor)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/domains/bulk/retag")
                        .param("domainId", String.valueOf(one))
                        .param("addTags", "x")
                        .with(csrf())
                        .with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/domains/bulk/delete")
                        .param("domainId", String.valueOf(one))
                        .with(csrf())
                        .with(as(stranger)))
                .andExpect(status().isNotFound());
        assertThat(tags(one)).containsExactly("old");
        // the auditor reads and exports
        mvc.perform(get("/domains/export.csv").with(as(auditor))).andExpect(status().isOk());
        // nothing selected: back to the list with the reason
        mvc.perform(post("/domains/bulk").param("action", "delete").with(csrf()).with(as(operator)))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/domains"));
    }

    private List<String> tags(long id) {
        return jdbc.queryForList("select unnest(tags) from domain where id = ? order by 1", String.class, id);
    }

    RequestPostProcessor as(String username) {
        return SecurityMockMvcRequestPostProcessors.user(users.loadUserByUsername(username));
    }
}
