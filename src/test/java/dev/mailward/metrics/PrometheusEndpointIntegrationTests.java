package dev.mailward.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.dashboard.DashboardSeed;
import dev.mailward.dashboard.DomainMeters;
import dev.mailward.dashboard.ScoreRefresher;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.testdns.SharedTestDns;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.xbill.DNS.Type;

/**
 * {@code /actuator/prometheus}: an ADMIN's HTTP Basic credentials or API token read it in Prometheus' text
 * format, with the domains gauge of the read model and the DNS questions counted; operators, auditors and
 * anonymous scrapers are refused; no other actuator endpoint opens with it.
 */
@MailwardIntegrationTest
class PrometheusEndpointIntegrationTests {

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
    DnsClient dns;

    @Test
    void anAdminsBasicCredentialsReadTheDomainsByMitigationStatusAndTeamOnceScored() throws Exception {
        TeamRef team = accounts.team("metrics");
        DashboardSeed seed = new DashboardSeed(jdbc);
        String name = AccountsTestSupport.unique("metrics") + ".test";
        long id = seed.domain(name, team.id(), List.of());
        seed.results(id, name, Map.of(Mitigation.SPF_DKIM, Status.FAIL, Mitigation.TLS, Status.PASS), 1, 40);
        refresher.refresh(id);
        domainMeters.refresh();

        UserView admin = accounts.user("metrics-admin", Role.ADMIN);
        mvc.perform(get("/actuator/prometheus").with(httpBasic(admin.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/plain")))
                .andExpect(content().string(Matchers.containsString("# TYPE mailward_domains gauge")));
        Scrape scrape = Scrape.asAdmin(mvc, accounts);
        assertThat(scrape.value(
                        "mailward_domains{mitigation=\"spf-dkim\",status=\"FAIL\",team=\"" + team.name() + "\"}"))
                .as(scrape.text())
                .hasValue(1.0);
        assertThat(scrape.value("mailward_domains{mitigation=\"tls\",status=\"PASS\",team=\"" + team.name() + "\"}"))
                .hasValue(1.0);
        // bounded labels: no domain label unless mailward.metrics.per-domain=true
        assertThat(scrape.text()).doesNotContain(name).doesNotContain("domain=\"");
    }

    @Test
    void aLookupAgainstTheResolverIsCountedAsADnsQueryByOutcome() throws Exception {
        String zone = AccountsTestSupport.unique("metricsdns") + ".test";
        SharedTestDns.SERVER.addZone("$ORIGIN " + zone + ".\n@ 300 IN SOA ns1 h 1 3600 600 86400 60\n"
                + "@ 300 IN NS ns1\nns1 300 IN A 192.0.2.1\n@ 300 IN TXT \"v=spf1 -all\"\n");
        String ok = "mailward_dns_queries_total{outcome=\"ok\"}";
        String nxdomain = "mailward_dns_queries_total{outcome=\"nxdomain\"}";
        Scrape before = Scrape.asAdmin(mvc, accounts);

        assertThat(dns.lookup(zone, Type.TXT).outcome()).isEqualTo(DnsOutcome.OK);
        assertThat(dns.lookup("nothing-here." + zone, Type.TXT).outcome()).isEqualTo(DnsOutcome.NXDOMAIN);

        Scrape after = Scrape.asAdmin(mvc, accounts);
        assertThat(after.value(ok).orElseThrow())
                .isGreaterThanOrEqualTo(before.value(ok).orElseThrow() + 1);
        assertThat(after.value(nxdomain).orElseThrow())
                .isGreaterThanOrEqualTo(before.value(nxdomain).orElseThrow() + 1);
        assertThat(after.names())
                .contains("mailward_dns_queries_total", "mailward_probe_sessions_total", "mailward_scans");
    }

    @Test
    void anAdminsApiTokenReadsTheScrapeAsPrometheusSendsIt() throws Exception {
        UserView admin = accounts.user("metrics-token", Role.ADMIN);
        String secret = accounts.apiToken(admin, Role.ADMIN);
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/plain")))
                .andExpect(content().string(Matchers.containsString("mailward_dns_queries_total")));
    }

    @Test
    void everyoneButAnAdminIsRefused() throws Exception {
        TeamRef team = accounts.team("metrics-refused");
        UserView operator = accounts.user("metrics-operator", Role.OPERATOR, team);
        UserView auditor = accounts.user("metrics-auditor", Role.AUDITOR, team);
        mvc.perform(get("/actuator/prometheus").with(httpBasic(operator.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(httpBasic(auditor.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus")
                        .header("Authorization", "Bearer " + accounts.apiToken(operator, Role.OPERATOR)))
                .andExpect(status().isForbidden());
        // a scraper without credentials is told so, not sent to the login page
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().stringValues("WWW-Authenticate", Matchers.hasItem(Matchers.startsWith("Bearer"))));
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer mw_aaaaaaaaaa_nope"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void healthStaysOpenAndNoOtherActuatorEndpointIsExposed() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        UserView admin = accounts.user("metrics-other", Role.ADMIN);
        for (String endpoint : List.of("metrics", "env", "beans", "configprops", "heapdump", "loggers", "mappings")) {
            // an admin's session: the console's other pages would answer it
            mvc.perform(get("/actuator/" + endpoint).with(user(accounts.principal(admin.username()))))
                    .andExpect(status().isNotFound());
        }
    }
}
