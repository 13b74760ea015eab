package dev.mailward.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.dashboard.DashboardSeed;
import dev.mailward.dashboard.DomainMeters;
import dev.mailward.dashboard.ScoreRefresher;
import dev.mailward.testdns.SharedTestDns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard in the repository ({@code docs/grafana/mailward.json}) asks only for metrics the
 * console exports: every metric name in its PromQL (panels and template variables) must have a series in a
 * real scrape of {@code /actuator/prometheus}, after a domain was scored and a real scan judged. A renamed
 * meter, or a dashboard written against names the code does not have, fails here.
 */
@MailwardIntegrationTest
class GrafanaDashboardIntegrationTests {

    static final Path DASHBOARD = Path.of("docs/grafana/mailward.json");

    /** Identifiers followed by a selector or a range ({@code name{…}}, {@code name[5m]}), and our own names. */
    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");

    private static final Pattern OURS = Pattern.compile("\\bmailward_[a-zA-Z0-9_]+");

    /** The notifications module's meters: in the scrape from the start (every outcome registered at zero). */
    private static final Set<String> NOTIFICATIONS =
            Set.of("mailward_notifications_deliveries_total", "mailward_notifications_outbox_backlog");

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

    @Autowired
    CheckRunner runner;

    @Autowired
    CheckOptions options;

    @Test
    void everyMetricTheDashboardAsksForIsInARealScrape() throws Exception {
        String zone = AccountsTestSupport.unique("grafana") + ".test";
        SharedTestDns.SERVER.addZone("$ORIGIN " + zone + ".\n@ 300 IN SOA ns1 h 1 3600 600 86400 60\n"
                + "@ 300 IN NS ns1\nns1 300 IN A 192.0.2.1\n@ 300 IN MX 0 .\n@ 300 IN TXT \"v=spf1 -all\"\n");
        // a scan's judgement, as DomainScanner makes it: the checks' timer gets its series
        runner.judgeAndReport(runner.observe(zone, options), runner.registry().all());
        long id = new DashboardSeed(jdbc).domain(zone, accounts.team("grafana").id(), List.of());
        new DashboardSeed(jdbc).results(id, zone, Map.of(Mitigation.SPF_DKIM, Status.PASS), 1, 40);
        refresher.refresh(id);
        domainMeters.refresh();

        List<String> queries = queries(JsonMapper.builder().build().readTree(Files.readString(DASHBOARD)));
        assertThat(queries).as("PromQL of " + DASHBOARD).hasSizeGreaterThan(10);
        Set<String> asked = new TreeSet<>();
        for (String q : queries) {
            Set<String> names = metricNames(q);
            assertThat(names).as("metric names in " + q).isNotEmpty();
            asked.addAll(names);
        }

        Set<String> exported = Scrape.asAdmin(mvc, accounts).names();
        Set<String> missing = new TreeSet<>(asked);
        missing.removeAll(exported);
        assertThat(missing)
                .as("metrics the dashboard asks for that /actuator/prometheus does not export (exported: %s)", exported)
                .isEmpty();
        assertThat(asked)
                .as("the dashboard shows every family of meters")
                .contains(
                        "mailward_domains",
                        "mailward_scans",
                        "mailward_checks_duration_seconds_count",
                        "mailward_dns_queries_total",
                        "mailward_probe_sessions_total")
                .containsAll(NOTIFICATIONS);
    }

    @Test
    void metricNamesAreReadFromPromQlNotLabelsOrFunctions() {
        assertThat(metricNames("sum by (check) (rate(mailward_checks_duration_seconds_sum[$__rate_interval]))"))
                .containsExactly("mailward_checks_duration_seconds_sum");
        assertThat(metricNames("sum(up{job=\"x\"}) / label_values(mailward_domains, team)"))
                .containsExactly("mailward_domains", "up");
    }

    static Set<String> metricNames(String promql) {
        Set<String> out = new TreeSet<>();
        Matcher m = SELECTED.matcher(promql);
        while (m.find()) {
            out.add(m.group(1));
        }
        Matcher o = OURS.matcher(promql);
        while (o.find()) {
            out.add(o.group());
        }
        return out;
    }

    /** Every panel target's {@code expr} and every template variable's query. */
    private static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            out.add(expr.asString());
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode q = variable.path("query");
            out.add(q.isObject() ? q.path("query").asString() : q.asString());
        }
        return out;
    }
}
