package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The domain list at 10,000 domains: the plans use the indexes (the sorts by the dashboard's figures walk one
 * index of the read model without sorting); the times are printed, not asserted.
 */
class InventoryPerformanceIntegrationTests extends InventoryTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void listQueriesUseTheIndexesAtTenThousandDomains() {
        long teamId = team(unique("perf"));
        String p = unique("perf");
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String name = String.format("host%05d.%s.test", i, p);
            rows.add(new Object[] {name, name, teamId, i % 10 == 0 ? "{gold}" : "{}"});
        }
        long seed = System.nanoTime();
        jdbc.batchUpdate(
                "insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, "
                        + "discovery_status) values (?, ?, ?, ?::text[], now(), 'perf', now(), 'MX_FOUND')",
                rows);
        jdbc.execute("analyze domain");
        System.out.printf("Seeded 10,000 domains in %d ms%n", (System.nanoTime() - seed) / 1_000_000);

        assertThat(plan(new DomainQuery(Optional.empty(), Optional.empty(), Optional.empty(), 3), null))
                .contains("Index")
                .contains("domain_a_label");
        // at 10,000 rows PostgreSQL may rightly prefer a 3 ms sequential scan for a substring; the
        // trigram index must still be usable, and is what it picks as the table grows
        DomainQuery search = new DomainQuery(Optional.of("host0123"), Optional.empty(), Optional.empty(), 0);
        plan(search, null);
        assertThat(planWithoutSeqScan(search)).contains("domain_search_trgm");
        assertThat(plan(
                        new DomainQuery(Optional.empty(), Optional.of(teamId), Optional.of("gold"), 0),
                        new Long[] {teamId}))
                .contains("Index Scan")
                .doesNotContain("Seq Scan");

        // the dashboard's figures for 9 of 10 domains (the rest not checked): each sort walks one index
        jdbc.update(
                "insert into domain_score (domain_id, score, statuses, results_at, computed_at) "
                        + "select id, (id % 101)::smallint, case id % 4 when 0 then 'PPPPPPPPPPPPP' when 1 then 'PPFPPPPPPPPPP' "
                        + "when 2 then 'PPPPWPPPPPPPP' else 'PPPEPPPPPPPPP' end, now() - (id % 1000) * interval '1 minute', now() "
                        + "from domain where team_id = ? and id % 10 <> 0",
                teamId);
        jdbc.execute("analyze domain_score");
        assertThat(plan(sorted(DomainQuery.Sort.SCORE, true, Optional.empty(), 2), null))
                .contains("domain_score_score_domain")
                .doesNotContain("Sort Key");
        assertThat(plan(sorted(DomainQuery.Sort.STATUS, false, Optional.empty(), 0), null))
                .contains("domain_score_worst");
        assertThat(plan(sorted(DomainQuery.Sort.CHECKED, true, Optional.empty(), 0), null))
                .contains("domain_score_results_at")
                .doesNotContain("Sort Key");
        assertThat(plan(sorted(DomainQuery.Sort.SCORE, false, Optional.of(WorstStatus.FAIL), 0), null))
                .contains("domain_score_worst")
                .doesNotContain("Sort Key");

        asAdmin();
        long start = System.nanoTime();
        PageOf<DomainSummary> page =
                inventory.domains(new DomainQuery(Optional.of(p), Optional.empty(), Optional.empty(), 150));
        System.out.printf(
                "List page 151 of 200 (search, count, 50 rows) in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(page.total()).isEqualTo(10_000);
        assertThat(page.items())
                .hasSize(50)
                .first()
                .extracting(DomainSummary::name)
                .isEqualTo(String.format("host%05d.%s.test", 7_500, p));
        start = System.nanoTime();
        PageOf<DomainSummary> tagged =
                inventory.domains(new DomainQuery(Optional.empty(), Optional.of(teamId), Optional.of("gold"), 0));
        System.out.printf("Tag filter in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(tagged.total()).isEqualTo(1_000);
        start = System.nanoTime();
        PageOf<DomainSummary> worst = inventory.domains(sorted(DomainQuery.Sort.STATUS, false, Optional.empty(), 10));
        System.out.printf("Worst first, page 11, in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(worst.items()).hasSize(50).allMatch(d -> d.worst() == WorstStatus.FAIL);
        assertThat(worst.total()).isGreaterThanOrEqualTo(10_000);
    }

    private static DomainQuery sorted(
            DomainQuery.Sort sort, boolean descending, Optional<WorstStatus> status, int page) {
        return new DomainQuery(Optional.empty(), Optional.empty(), Optional.empty(), page, sort, descending, status);
    }

    private String planWithoutSeqScan(DomainQuery q) {
        Map<String, Object> params = new HashMap<>();
        // the count of the page header: the query where a substring search must not scan the table
        String listSql = DomainStore.listSql(q, null, params);
        String sql = "select count(*) from domain d"
                + listSql.substring(listSql.indexOf(" where "), listSql.indexOf(" order by "))
                        .replace(":like", "'" + params.get("like") + "'");
        return jdbc.execute((java.sql.Connection c) -> {
            try (var st = c.createStatement()) {
                st.execute("set enable_seqscan = off");
                StringBuilder out = new StringBuilder();
                try (var rs = st.executeQuery("explain " + sql)) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
                st.execute("reset enable_seqscan");
                return out.toString();
            }
        });
    }

    private String plan(DomainQuery q, Long[] teams) {
        Map<String, Object> params = new HashMap<>();
        String sql = DomainStore.listSql(q, teams, params);
        List<String> lines = new NamedParameterJdbcTemplate(jdbc).queryForList("explain " + sql, params, String.class);
        String plan = String.join("\n", lines);
        System.out.println("Plan for " + q + ":\n" + plan);
        return plan;
    }
}
