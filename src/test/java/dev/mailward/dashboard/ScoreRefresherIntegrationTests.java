package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.results.ChangeDirection;
import dev.mailward.results.ResultChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;

/**
 * The event flow into the dashboard: a {@link ResultChanged} refreshes the domain's read model at once
 * (the listener runs after the publishing transaction commits, on its own thread), not at the next
 * background pass, which is off here so that only the event can have done it. The dashboard module is
 * started with the modules it depends on and without those that depend on it (reports, CLI).
 */
@ApplicationModuleTest(
        mode = BootstrapMode.ALL_DEPENDENCIES,
        extraIncludes = "database",
        webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@TestPropertySource(properties = "mailward.dashboard.refresh-enabled=false")
class ScoreRefresherIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    @Test
    void aChangedResultRefreshesTheDomainsScoreAndTrendAtOnce(Scenario scenario) {
        String name = DashboardTestSupport.unique("event");
        DashboardSeed seed = new DashboardSeed(jdbc);
        long domainId = seed.domain(name, accounts.team("event").id(), List.of());
        seed.results(domainId, name, Map.of(Mitigation.SPF_DKIM, Status.PASS, Mitigation.TLS, Status.PASS), 3, 200);
        assertThat(score(domainId)).as("no score before the event").isNull();

        scenario.publish(new ResultChanged(
                        0,
                        domainId,
                        name,
                        "t-tls",
                        name,
                        ChangeDirection.BETTER,
                        Status.FAIL,
                        Status.PASS,
                        Instant.now()))
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForStateChange(() -> score(domainId))
                .andVerify(score -> {
                    assertThat(score).isEqualTo(100);
                    // the first score backfills the trend from the seeded history: three days
                    assertThat(jdbc.queryForObject(
                                    "select count(*) from domain_score_daily where domain_id = ?",
                                    Integer.class,
                                    domainId))
                            .isEqualTo(3);
                });
    }

    private Integer score(long domainId) {
        return jdbc.query(
                "select score from domain_score where domain_id = ?",
                rs -> rs.next() ? (Integer) rs.getObject(1) : null,
                domainId);
    }
}
