package dev.mailward.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.TeamRef;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.dashboard.DashboardSeed;
import dev.mailward.dashboard.DomainMeters;
import dev.mailward.dashboard.ScoreRefresher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code mailward.metrics.per-domain=true} (a context of its own: it tests the setting): the domains gauge
 * gets a {@code domain} label, one series per domain and mitigation. {@code PrometheusEndpointIntegrationTests}
 * shows the default, without it.
 */
@MailwardIntegrationTest
@TestPropertySource(properties = "mailward.metrics.per-domain=true")
class PerDomainMetricsIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ScoreRefresher refresher;

    @Autowired
    DomainMeters domainMeters;

    @Test
    void eachDomainIsASeriesOfItsOwnWhenAskedFor() throws Exception {
        TeamRef team = accounts.team("per-domain");
        DashboardSeed seed = new DashboardSeed(jdbc);
        String name = AccountsTestSupport.unique("perdomain") + ".test";
        long id = seed.domain(name, team.id(), List.of());
        seed.results(id, name, Map.of(Mitigation.SPF_DKIM, Status.FAIL), 1, 40);
        refresher.refresh(id);
        domainMeters.refresh();

        Scrape scrape = Scrape.asAdmin(mvc, accounts);
        assertThat(scrape.value("mailward_domains{domain=\"" + name
                        + "\",mitigation=\"spf-dkim\",status=\"FAIL\",team=\"" + team.name() + "\"}"))
                .as(scrape.text())
                .hasValue(1.0);
    }
}
