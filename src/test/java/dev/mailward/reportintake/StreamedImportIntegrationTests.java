package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A DMARC report is stored while it is read ({@code ReportStore#writeDmarc}): its records go to PostgreSQL as they
 * are parsed, in one transaction per report. A report found unreadable after its first records leaves nothing of it
 * stored (the rest of the file is still read and stored), and the message total of a stored report counts every
 * record.
 */
@MailwardIntegrationTest
class StreamedImportIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    private RequestPostProcessor operator;
    private String domain;
    private long domainId;

    @BeforeEach
    void setUp() {
        TeamRef team = accounts.team("streamed");
        operator = user(accounts.principal(
                accounts.user("streamed-op", Role.OPERATOR, team).username()));
        domain = ReportSamples.domainName("streamed");
        domainId = jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, domain, domain, team.id());
    }

    @Test
    void aReportUnreadableAfterItsFirstRecordsLeavesNothingOfItAndTheNextReportIsStored() throws Exception {
        List<HandWrittenReports.Row> rows = rows(3000);
        String whole = new String(
                HandWrittenReports.dmarc(
                        domain,
                        "broken.example",
                        LocalDate.of(2026, 11, 30),
                        "none",
                        rows.toArray(HandWrittenReports.Row[]::new)),
                StandardCharsets.UTF_8);
        // record 2,999 loses its address: the first 2,998 records are in the COPY stream by then
        int at = nthIndexOf(whole, "<source_ip>", 2999);
        String broken = whole.substring(0, at) + whole.substring(whole.indexOf("</source_ip>", at) + 12);
        byte[] good = HandWrittenReports.dmarc(
                domain,
                "good.example",
                LocalDate.of(2026, 11, 30),
                "none",
                rows.subList(0, 10).toArray(HandWrittenReports.Row[]::new));
        byte[] zip = ReportFilesTests.zip("broken.xml", broken.getBytes(StandardCharsets.UTF_8), "good.xml", good);

        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(new MockMultipartFile("file", "two.zip", "application/zip", zip))
                        .with(operator))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].part").value("two.zip!broken.xml"))
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("REFUSED"))
                .andExpect(jsonPath("$.files[0].items[0].reason").value("record 2999 has no row/source_ip"))
                .andExpect(jsonPath("$.files[0].items[1].part").value("two.zip!good.xml"))
                .andExpect(jsonPath("$.files[0].items[1].outcome").value("STORED"));

        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where org_name = 'broken.example'"
                                + " and domain_id = ?",
                        Long.class,
                        domainId))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_record x join reportintake_dmarc_report r"
                                + " on r.id = x.report_id where r.domain_id = ?",
                        Long.class,
                        domainId))
                .isEqualTo(10);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_rejected where file_name = 'two.zip!broken.xml'"
                                + " and reason = 'record 2999 has no row/source_ip'",
                        Long.class))
                .isEqualTo(1);
        assertNoOrphanRecords();
    }

    @Test
    void aGzipReportIsStoredWithEveryRecordInOrderAndItsMessagesCounted() throws Exception {
        List<HandWrittenReports.Row> rows = rows(5000);
        byte[] gz = ReportFilesTests.gzip(HandWrittenReports.dmarc(
                domain,
                "big.example",
                LocalDate.of(2026, 12, 1),
                "quarantine",
                rows.toArray(HandWrittenReports.Row[]::new)));

        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(new MockMultipartFile("file", "big.xml.gz", "application/gzip", gz))
                        .with(operator))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("STORED"))
                .andExpect(jsonPath("$.files[0].items[0].reporter").value("big.example"));

        long expected = rows.stream().mapToLong(HandWrittenReports.Row::count).sum();
        assertThat(jdbc.queryForObject(
                        "select messages from reportintake_dmarc_report where org_name = 'big.example'"
                                + " and domain_id = ?",
                        Long.class,
                        domainId))
                .isEqualTo(expected);
        assertThat(jdbc.queryForList("""
                        select x.row_no || ' ' || host(x.source_ip) || ' ' || x.messages
                        from reportintake_dmarc_record x join reportintake_dmarc_report r on r.id = x.report_id
                        where r.org_name = 'big.example' and r.domain_id = ? order by x.row_no
                        """, String.class, domainId))
                .hasSize(5000)
                .startsWith("1 " + rows.get(0).ip() + " " + rows.get(0).count())
                .endsWith("5000 " + rows.get(4999).ip() + " " + rows.get(4999).count());
        // the same report again is a duplicate and adds nothing
        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(new MockMultipartFile("file", "big.xml.gz", "application/gzip", gz))
                        .with(operator))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("DUPLICATE"));
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_record x join reportintake_dmarc_report r"
                                + " on r.id = x.report_id where r.domain_id = ?",
                        Long.class,
                        domainId))
                .isEqualTo(5000);
        assertNoOrphanRecords();
    }

    /** Records are written in their report's transaction: none without its report (no foreign key since V47). */
    private void assertNoOrphanRecords() {
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_record x where not exists"
                                + " (select 1 from reportintake_dmarc_report r where r.id = x.report_id)",
                        Long.class))
                .isZero();
    }

    private List<HandWrittenReports.Row> rows(int n) {
        List<HandWrittenReports.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ip = "198.51." + (100 + i / 250) + "." + (i % 250 + 1);
            rows.add(new HandWrittenReports.Row(
                    ip, 1 + i % 7, "pass", "fail", "bounce." + domain, domain, "pass", "bounce." + domain, "fail"));
        }
        return rows;
    }

    private static int nthIndexOf(String s, String what, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf(what, at + 1);
        }
        return at;
    }
}
