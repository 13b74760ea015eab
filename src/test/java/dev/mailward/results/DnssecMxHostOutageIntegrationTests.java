package dev.mailward.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Rules;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A domain whose own zone validates but whose only MX host's zone has a DS that matches no key: its
 * page's outage headline names the MX host ("Mail to d via mx is not delivered: the DNSSEC chain
 * of mx is broken"), not the domain's own chain. Judged from a real observation over loopback.
 */
@MailwardIntegrationTest
class DnssecMxHostOutageIntegrationTests {

    private static TestDnsServer dns;
    private static DnsClient resolver;
    private static String domain;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Results results;

    @Autowired
    MockMvc mvc;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        domain = AccountsTestSupport.unique("viabad").toLowerCase() + ".test";
        SignedZones chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signedWithWrongDs("badmx.test.", """
                        $ORIGIN badmx.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.53
                        mx IN A 192.0.2.26
                        """)
                .signed(domain + ".", """
                        $ORIGIN %s.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.53
                        @ IN MX 10 mx.badmx.test.
                        @ IN TXT "v=spf1 -all"
                        _dmarc IN TXT "v=DMARC1; p=reject"
                        """.formatted(domain))
                .build();
        dns = TestDnsServer.builder().zones(chain).start();
        resolver = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(dns.address()))
                .withTrustAnchors(Files.writeString(dir.resolve("anchors.txt"), chain.trustAnchor()))
                .withTimeout(Duration.ofMillis(500), 1));
    }

    @AfterAll
    static void stop() {
        if (resolver != null) {
            resolver.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void theHeadlineNamesTheMxHostWhoseChainIsBroken() throws Exception {
        TeamRef team = accounts.team("MX outage team");
        UserView auditor = accounts.user("mx-outage-auditor", Role.AUDITOR, team);
        long id = jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, domain, domain, team.id());
        try (CheckRunner runner = new CheckRunner(CheckRegistry.dnsChecks(), resolver, 8)) {
            DomainObservation observed =
                    runner.observe(domain, CheckOptions.defaults().withCheckTimeout(Duration.ofSeconds(15)));
            DomainReport report = runner.judge(observed);
            long run = results.startRun(id, ScanTrigger.MANUAL, observed.observedAt(), "mx-outage-test");
            results.record(new RunRecord(run, id, domain, report.results(), observed, Rules.VERSION));
        }

        String outage = mvc.perform(get("/domains/{id}/outage", id)
                        .header("HX-Request", "true")
                        .with(user(accounts.principal(auditor.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(outage)
                .contains("Mail to " + domain + " via mx.badmx.test is not delivered: the DNSSEC chain of"
                        + " mx.badmx.test is broken")
                .doesNotContain("its DNSSEC chain is broken")
                .contains("Fix: re-sign the zone of mx.badmx.test");
    }
}
