package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.nio.charset.StandardCharsets;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The intake end to end over the console's stack and the real database: {@code POST /api/v1/report-ingest} and
 * the upload form store what several reporters sent, once (dedupe on reporter and report id), attribute each
 * report to the inventory domain it is about, keep aside reports about unknown domains or other teams' domains
 * and unreadable files for an ADMIN, and the summaries add up per domain, team-scoped.
 */
@MailwardIntegrationTest
class ReportIntakeIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HeldReportAttachment attachment;

    private TeamRef teamA;
    private UserView operatorA;
    private UserView auditorA;
    private UserView operatorB;
    private UserView admin;
    private String domainA;
    private long domainAId;

    @BeforeEach
    void setUp() {
        teamA = accounts.team("intake-a");
        TeamRef teamB = accounts.team("intake-b");
        operatorA = accounts.user("intake-op", Role.OPERATOR, teamA);
        auditorA = accounts.user("intake-aud", Role.AUDITOR, teamA);
        operatorB = accounts.user("intake-opb", Role.OPERATOR, teamB);
        admin = accounts.user("intake-admin", Role.ADMIN);
        domainA = ReportSamples.domainName("intake-a");
        domainAId = domain(teamA, domainA);
    }

    @Test
    void storesAttributesDedupesAndSummarisesWhatSeveralReportersSent() throws Exception {
        String unknown = ReportSamples.domainName("unknown");
        byte[] google = ReportSamples.about("google-like.xml", domainA);
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(part("google.xml", google))
                        .file(part(
                                "ms.xml.gz", ReportFilesTests.gzip(ReportSamples.about("microsoft-like.xml", domainA))))
                        .file(part("yahoo.xml", ReportSamples.about("yahoo-like.xml", unknown)))
                        .file(part("tls.json", ReportSamples.about("tlsrpt.json", domainA)))
                        .file(part("junk.xml", "<html>no</html>".getBytes(StandardCharsets.UTF_8)))
                        .with(as(operatorA)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files.length()").value(5))
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("STORED"))
                .andExpect(jsonPath("$.files[0].items[0].kind").value("DMARC"))
                .andExpect(jsonPath("$.files[0].items[0].domain").value(domainA))
                .andExpect(jsonPath("$.files[1].items[0].outcome").value("STORED"))
                .andExpect(jsonPath("$.files[2].items[0].outcome").value("KEPT_ASIDE"))
                .andExpect(jsonPath("$.files[3].items[0].kind").value("TLSRPT"))
                .andExpect(jsonPath("$.files[3].items[0].outcome").value("STORED"))
                .andExpect(jsonPath("$.files[4].items[0].outcome").value("REFUSED"))
                .andExpect(jsonPath("$.files[4].items[0].reason").value(Matchers.containsString("<html>")));

        // the same report again, from anyone: stored once
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(part("again.xml", google))
                        .with(as(admin)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("DUPLICATE"));

        // another team's operator cannot write figures of team A's domain: kept aside
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(part("foreign.xml", ReportSamples.about("google-like.xml", domainA)))
                        .with(as(operatorB)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("KEPT_ASIDE"));

        mvc.perform(get("/api/v1/dmarc/{id}/summary", domainAId)
                        .param("from", "2025-12-01")
                        .param("to", "2025-12-10")
                        .with(as(auditorA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.domain").value(domainA))
                .andExpect(jsonPath("$.messages").value(160))
                .andExpect(jsonPath("$.passing").value(126))
                .andExpect(jsonPath("$.sources[0].ip").value("192.0.2.10"))
                .andExpect(jsonPath("$.sources[0].messages").value(120))
                .andExpect(jsonPath("$.sources[1].ip").value("198.51.100.7"))
                .andExpect(jsonPath("$.sources[2].ip").value("2001:db8::25"))
                .andExpect(jsonPath("$.sources[2].messages").value(10))
                .andExpect(jsonPath("$.sources[2].dkimAligned").value(6))
                .andExpect(jsonPath("$.reporters.length()").value(2))
                .andExpect(jsonPath("$.failing[0].ip").value("198.51.100.7"))
                .andExpect(jsonPath("$.failing[1].helo[0]").value("relay.forwarder.example"))
                .andExpect(jsonPath("$.failing[1].envelopeFrom[0]").value("mailer.forwarder.example"))
                .andExpect(
                        jsonPath("$.failing[1].dkimDomains", Matchers.containsInAnyOrder(domainA, "forwarder.example")))
                .andExpect(jsonPath("$.policy.p").value("quarantine"))
                .andExpect(jsonPath("$.policy.np").value("reject"));

        // a period without reports is empty, not an error
        mvc.perform(get("/api/v1/dmarc/{id}/summary", domainAId)
                        .param("from", "2024-01-01")
                        .param("to", "2024-01-31")
                        .with(as(operatorA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messages").value(0));

        mvc.perform(get("/api/v1/tlsrpt/{id}/summary", domainAId)
                        .param("from", "2025-12-01")
                        .param("to", "2025-12-10")
                        .with(as(operatorA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.successful").value(5326))
                .andExpect(jsonPath("$.failed").value(303))
                .andExpect(jsonPath("$.failures[0].resultType").value("starttls-not-supported"))
                .andExpect(jsonPath("$.failures[0].mxHost").value("mx2.mail." + domainA))
                .andExpect(jsonPath("$.failures[0].sessions").value(200));

        // another team sees nothing of domain A
        mvc.perform(get("/api/v1/dmarc/{id}/summary", domainAId).with(as(operatorB)))
                .andExpect(status().isNotFound());

        // the admin sees what was kept aside; a team does not
        mvc.perform(get("/report-intake/held").with(as(admin)))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(Matchers.allOf(
                                Matchers.containsString(unknown),
                                Matchers.containsString("junk.xml"),
                                Matchers.containsString(operatorB.username()))));
        mvc.perform(get("/report-intake/held").with(as(operatorA))).andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ? and domain_id is null",
                        Long.class,
                        unknown))
                .isEqualTo(1);
    }

    @Test
    void theUploadFormStoresAndSaysWhatItDidAndAnAuditorIsRefused() throws Exception {
        mvc.perform(multipart("/report-intake")
                        .file(part(
                                "google.xml.gz",
                                ReportFilesTests.gzip(ReportSamples.about("google-like.xml", domainA))))
                        .with(as(operatorA))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("result", Matchers.instanceOf(IngestResult.class)));
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_id = ?", Long.class, domainAId))
                .isEqualTo(1);
        mvc.perform(multipart("/report-intake")
                        .file(part("google.xml", ReportSamples.about("google-like.xml", domainA)))
                        .with(as(auditorA))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(part("google.xml", ReportSamples.about("google-like.xml", domainA)))
                        .with(as(auditorA)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/domains/{id}/aggregate-reports", domainAId)
                        .param("from", "2025-12-01")
                        .param("to", "2025-12-10")
                        .with(as(auditorA)))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(Matchers.allOf(
                                Matchers.containsString("198.51.100.7"), Matchers.containsString("p=none"))));
    }

    @Test
    void reportsKeptAsideForADomainNotYetOnboardedAreAttachedOnceItIs() throws Exception {
        String later = ReportSamples.domainName("later");
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(part("early.xml", ReportSamples.about("google-like.xml", later)))
                        .file(part("early-tls.json", ReportSamples.about("tlsrpt.json", later)))
                        .with(as(admin)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("KEPT_ASIDE"));
        // a report about team A's domain sent by team B's operator is held for another reason: it stays held
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(part("foreign.xml", ReportSamples.about("yahoo-like.xml", domainA)))
                        .with(as(operatorB)))
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("KEPT_ASIDE"));
        attachment.attach();
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ? and domain_id is null",
                        Long.class,
                        later))
                .isEqualTo(1);

        long laterId = domain(teamA, later);
        int[] attached = attachment.attach();
        assertThat(attached[0]).isPositive();
        assertThat(attached[1]).isPositive();
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ? and domain_id = ?",
                        Long.class,
                        later,
                        laterId))
                .isEqualTo(1);

        mvc.perform(get("/api/v1/dmarc/{id}/summary", laterId)
                        .param("from", "2025-12-01")
                        .param("to", "2025-12-10")
                        .with(as(auditorA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messages").value(Matchers.greaterThan(0)));
        mvc.perform(get("/api/v1/tlsrpt/{id}/summary", laterId)
                        .param("from", "2025-12-01")
                        .param("to", "2025-12-10")
                        .with(as(auditorA)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.failed").value(Matchers.greaterThan(0)));
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ? and domain_id is null",
                        Long.class,
                        domainA))
                .isEqualTo(1);
    }

    private RequestPostProcessor as(UserView u) {
        return user(accounts.principal(u.username()));
    }

    private static MockMultipartFile part(String name, byte[] bytes) {
        return new MockMultipartFile("file", name, "application/octet-stream", bytes);
    }

    private long domain(TeamRef team, String name) {
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id());
    }
}
