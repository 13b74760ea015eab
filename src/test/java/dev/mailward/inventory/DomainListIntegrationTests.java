package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
 * The domain list answers questions: score, worst status and last checked from the dashboard's read model
 * ({@code dashboard_domain_health_v}), sorted on the server with not-checked domains last in either
 * direction, across pages, and filtered by worst status; the mail server list shows its endpoints' worst
 * status. The read model's rows are seeded as the dashboard writes them (13 status letters).
 */
@AutoConfigureMockMvc
class DomainListIntegrationTests extends InventoryTestSupport {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    long team;
    String p;
    String operator;

    @BeforeEach
    void seed() {
        p = unique("lst");
        team = team(p);
        operator = user(unique("lstop"), Role.OPERATOR, team);
        // name     score  statuses (F fail, E error, W warn, P pass, M not measured)  results at
        scored("a-pass", 90, "PPPPPPPPPNNMM", 1);
        scored("b-fail", 20, "PPFPPWPPPPPPP", 3);
        scored("c-warn", 55, "PPPPWPPPPPPMM", 2);
        scored("d-error", 70, "PPPEPPPWPPPPP", 0);
        domain("e-new");
    }

    private long domain(String label) {
        String name = label + "." + p + ".test";
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team);
    }

    private long scored(String label, Integer score, String statuses, int hoursAfterT0) {
        long id = domain(label);
        jdbc.update(
                "insert into domain_score (domain_id, score, statuses, results_at, computed_at) values (?, ?, ?, ?, now())",
                id,
                score,
                statuses,
                Timestamp.from(T0.plus(hoursAfterT0, ChronoUnit.HOURS)));
        return id;
    }

    private List<String> names(DomainQuery.Sort sort, boolean descending, Optional<WorstStatus> status) {
        asAdmin();
        return inventory
                .domains(new DomainQuery(
                        Optional.empty(), Optional.of(team), Optional.empty(), 0, sort, descending, status))
                .items()
                .stream()
                .map(d -> d.name().substring(0, d.name().indexOf('.')))
                .toList();
    }

    @Test
    void sortsByScoreWorstStatusAndLastCheckedWithNotCheckedDomainsLastEitherWay() {
        Optional<WorstStatus> all = Optional.empty();
        assertThat(names(DomainQuery.Sort.NAME, false, all))
                .containsExactly("a-pass", "b-fail", "c-warn", "d-error", "e-new");
        assertThat(names(DomainQuery.Sort.NAME, true, all))
                .containsExactly("e-new", "d-error", "c-warn", "b-fail", "a-pass");
        assertThat(names(DomainQuery.Sort.SCORE, false, all))
                .containsExactly("b-fail", "c-warn", "d-error", "a-pass", "e-new");
        assertThat(names(DomainQuery.Sort.SCORE, true, all))
                .containsExactly("a-pass", "d-error", "c-warn", "b-fail", "e-new");
        assertThat(names(DomainQuery.Sort.STATUS, false, all))
                .containsExactly("b-fail", "d-error", "c-warn", "a-pass", "e-new");
        assertThat(names(DomainQuery.Sort.STATUS, true, all))
                .containsExactly("a-pass", "c-warn", "d-error", "b-fail", "e-new");
        assertThat(names(DomainQuery.Sort.CHECKED, false, all))
                .containsExactly("d-error", "a-pass", "c-warn", "b-fail", "e-new");
        assertThat(names(DomainQuery.Sort.CHECKED, true, all))
                .containsExactly("b-fail", "c-warn", "a-pass", "d-error", "e-new");
    }

    @Test
    void filtersByWorstStatusAndShowsTheFiguresOfEachRow() {
        assertThat(names(DomainQuery.Sort.NAME, false, Optional.of(WorstStatus.FAIL)))
                .containsExactly("b-fail");
        assertThat(names(DomainQuery.Sort.SCORE, false, Optional.of(WorstStatus.ERROR)))
                .containsExactly("d-error");
        assertThat(names(DomainQuery.Sort.NAME, false, Optional.of(WorstStatus.WARN)))
                .containsExactly("c-warn");
        assertThat(names(DomainQuery.Sort.STATUS, false, Optional.of(WorstStatus.PASS)))
                .containsExactly("a-pass");
        assertThat(names(DomainQuery.Sort.SCORE, true, Optional.of(WorstStatus.NONE)))
                .containsExactly("e-new");

        asAdmin();
        List<DomainSummary> rows = inventory
                .domains(new DomainQuery(Optional.empty(), Optional.of(team), Optional.empty(), 0))
                .items();
        DomainSummary fail = rows.get(1);
        assertThat(fail.score()).hasValue(20);
        assertThat(fail.worst()).isEqualTo(WorstStatus.FAIL);
        assertThat(fail.lastChecked()).contains(T0.plus(3, ChronoUnit.HOURS));
        DomainSummary fresh = rows.get(4);
        assertThat(fresh.score()).isEmpty();
        assertThat(fresh.worst()).isEqualTo(WorstStatus.NONE);
        assertThat(fresh.lastChecked()).isEmpty();
    }

    @Test
    void pagesKeepTheOrderAcrossThePageBoundary() {
        for (int i = 0; i < 55; i++) {
            scored(String.format("s%02d", i), i, "PPPPPPPPPPPPP", 10 + i);
        }
        for (int i = 0; i < 3; i++) {
            domain(String.format("z%02d", i));
        }
        asAdmin();
        List<String> all = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            PageOf<DomainSummary> items = inventory.domains(new DomainQuery(
                    Optional.empty(),
                    Optional.of(team),
                    Optional.empty(),
                    page,
                    DomainQuery.Sort.SCORE,
                    true,
                    Optional.empty()));
            assertThat(items.total()).isEqualTo(63);
            all.addAll(items.items().stream()
                    .map(d -> d.name().substring(0, d.name().indexOf('.')))
                    .toList());
        }
        // scores 90, 70, 55, then 54..0 with b-fail (20) among them; not checked last, by name
        List<String> expected = new ArrayList<>();
        List<Object[]> scored = new ArrayList<>();
        scored.add(new Object[] {"a-pass", 90});
        scored.add(new Object[] {"d-error", 70});
        scored.add(new Object[] {"c-warn", 55});
        scored.add(new Object[] {"b-fail", 20});
        for (int i = 0; i < 55; i++) {
            scored.add(new Object[] {String.format("s%02d", i), i});
        }
        scored.sort((x, y) -> Integer.compare((Integer) y[1], (Integer) x[1]));
        for (Object[] s : scored) {
            expected.add((String) s[0]);
        }
        expected.addAll(List.of("e-new", "z00", "z01", "z02"));
        assertThat(all).hasSize(63);
        // equal scores (s20 and b-fail) are ordered by id, descending: b-fail was made first
        assertThat(all.subList(0, 4)).containsExactly("a-pass", "d-error", "c-warn", "s54");
        assertThat(all.subList(all.indexOf("s21"), all.indexOf("s21") + 3)).containsExactly("s21", "s20", "b-fail");
        assertThat(all.subList(59, 63)).containsExactly("e-new", "z00", "z01", "z02");
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theListPageLinksEachSortableHeaderWithAriaSortAndKeepsTheOrderInThePages() throws Exception {
        String page = mvc.perform(get("/domains")
                        .param("team", String.valueOf(team))
                        .param("sort", "score")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("aria-sort=\"ascending\"><a href=\"/domains?team=" + team
                        + "&amp;sort=score&amp;dir=desc\" id=\"sort-score\"")
                .contains(
                        "aria-sort=\"none\"><a href=\"/domains?team=" + team + "&amp;sort=status\" id=\"sort-status\"")
                .contains("aria-sort=\"none\"><a href=\"/domains?team=" + team + "\" id=\"sort-name\"")
                .contains("Not checked")
                .contains("2026-03-01 11:00 UTC");
        assertThat(page.indexOf("b-fail." + p)).isLessThan(page.indexOf("c-warn." + p));
        assertThat(page.indexOf("a-pass." + p)).isLessThan(page.indexOf("e-new." + p));

        String failing = mvc.perform(get("/domains")
                        .param("team", String.valueOf(team))
                        .param("status", "fail")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(failing)
                .contains("b-fail." + p)
                .doesNotContain("c-warn." + p)
                .contains("<option value=\"FAIL\" selected");
    }

    @Test
    void theServerListShowsTheWorstCurrentStatusOfItsEndpoints() throws Exception {
        long domainId =
                jdbc.queryForObject("select id from domain where a_label = ?", Long.class, "b-fail." + p + ".test");
        long bad = server("mx1." + p + ".test", domainId);
        long good = server("mx2." + p + ".test", domainId);
        server("mx3." + p + ".test", domainId);
        current(domainId, "starttls", "mx1." + p + ".test:25", "PASS");
        current(domainId, "certificate", "mx1." + p + ".test:25", "FAIL");
        current(domainId, "tls-versions", "mx1." + p + ".test:587", "WARN");
        current(domainId, "starttls", "mx2." + p + ".test:25", "PASS");
        // a longer host name beginning with mx2's is another server
        current(domainId, "starttls", "mx2." + p + ".test.example:25", "FAIL");
        asAdmin();
        List<MailServerSummary> servers = inventory.servers(Optional.of(p), 0).items();
        assertThat(servers)
                .extracting(MailServerSummary::hostname, MailServerSummary::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mx1." + p + ".test", WorstStatus.FAIL),
                        org.assertj.core.groups.Tuple.tuple("mx2." + p + ".test", WorstStatus.PASS),
                        org.assertj.core.groups.Tuple.tuple("mx3." + p + ".test", WorstStatus.NONE));
        String page = mvc.perform(get("/servers").param("q", p).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("status-FAIL").contains("Not checked");
        assertThat(bad).isNotEqualTo(good);
    }

    private long server(String host, long domainId) {
        long id = jdbc.queryForObject("""
                insert into mail_server (hostname, team_id, discovered, created_at, updated_at)
                values (?, ?, true, now(), now()) returning id
                """, Long.class, host, team);
        jdbc.update(
                "insert into domain_mail_server (domain_id, server_id, role, preference) values (?, ?, 'MX', 10)",
                domainId,
                id);
        return id;
    }

    private void current(long domainId, String check, String target, String status) {
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, ?, ?, 0, 0, ?, '[]'::jsonb, '{}'::jsonb, '', now(), 1)
                """, domainId, check, target, status);
    }

    RequestPostProcessor as(String username) {
        return SecurityMockMvcRequestPostProcessors.user(users.loadUserByUsername(username));
    }
}
