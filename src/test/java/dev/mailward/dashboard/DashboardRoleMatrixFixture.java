package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rows for {@code role-matrix/dashboard.tsv}: a scanned domain of team A, its score refreshed. */
public class DashboardRoleMatrixFixture implements RoleMatrixFixture {

    private final JdbcTemplate jdbc;
    private final ScoreRefresher refresher;

    public DashboardRoleMatrixFixture(JdbcTemplate jdbc, ScoreRefresher refresher) {
        this.jdbc = jdbc;
        this.refresher = refresher;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        DashboardSeed seed = new DashboardSeed(jdbc);
        String name = "dash-matrix-" + context.unique() + ".test";
        long id = seed.domain(name, context.teamA().id(), List.of("matrix"));
        seed.results(id, name, Map.of(Mitigation.TLS, Status.PASS, Mitigation.SPF_DKIM, Status.FAIL), 3, 20);
        refresher.refresh(id);
        return Map.of("dashDomainId", String.valueOf(id));
    }
}
