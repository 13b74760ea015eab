package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retention purge ({@code mailward.reports.intake.retention}, default 400 days) on the real database: DMARC
 * reports whose period ended before now − 400 days go with their records, TLS reports with their policies and
 * failure details, rejected files received before then; what ended after the cut-off stays, records and all.
 * More than one batch of old reports is purged in one call.
 */
@MailwardIntegrationTest
class ReportRetentionIntegrationTests {

    @Autowired
    ReportRetention retention;

    @Autowired
    ReportStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    private final ReportFiles files = new ReportFiles(IntakeLimits.DEFAULT);

    @Test
    void deletesReportsThatEndedBeforeTheRetentionAndKeepsTheRest() {
        Instant now = Instant.now();
        String name = ReportSamples.domainName("retention");
        long domain = jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, accounts.team("retention").id());
        DmarcReport sample = dmarc(name);
        TlsReport tlsSample = tls(name);
        Instant oldEnd = now.minus(Duration.ofDays(401));
        Instant recentEnd = now.minus(Duration.ofDays(399));
        long oldDmarc = insertDmarc(sample, oldEnd, domain);
        long recentDmarc = insertDmarc(sample, recentEnd, domain);
        long oldTls = insertTls(tlsSample, oldEnd, domain);
        long recentTls = insertTls(tlsSample, recentEnd, domain);
        String oldFile = "old-" + UUID.randomUUID() + ".xml";
        String recentFile = "recent-" + UUID.randomUUID() + ".xml";
        store.insertRejected(oldFile, "bad", 1, "0".repeat(64), receipt(now.minus(Duration.ofDays(401))));
        store.insertRejected(recentFile, "bad", 1, "0".repeat(64), receipt(now.minus(Duration.ofDays(399))));
        // more old reports than one batch holds: the purge goes on until none is left
        for (int i = 0; i < ReportRetention.BATCH; i++) {
            insertDmarc(
                    new DmarcReport(
                            sample.orgName(),
                            null,
                            "bulk-" + UUID.randomUUID(),
                            oldEnd.minusSeconds(86_400),
                            oldEnd,
                            name,
                            sample.policy(),
                            List.of()),
                    oldEnd,
                    domain);
        }
        assertThat(count("reportintake_dmarc_record where report_id = ?", oldDmarc))
                .isPositive();
        assertThat(count(
                        "reportintake_tls_failure f join reportintake_tls_policy q on q.id = f.policy_id"
                                + " where q.report_id = ?",
                        oldTls))
                .isPositive();
        long failuresBefore = count("reportintake_tls_failure where 0 = ?", 0);

        ReportRetention.Purged purged = retention.purge(now);

        assertThat(purged.dmarcReports()).isGreaterThanOrEqualTo(ReportRetention.BATCH + 1L);
        assertThat(count("reportintake_dmarc_report where id = ?", oldDmarc)).isZero();
        assertThat(count(
                        "reportintake_dmarc_record x where 0 = ? and not exists"
                                + " (select 1 from reportintake_dmarc_report r where r.id = x.report_id)",
                        0))
                .as("no record outlives its report (the table has no foreign key since V47)")
                .isZero();
        assertThat(count("reportintake_dmarc_record where report_id = ?", oldDmarc))
                .isZero();
        assertThat(count("reportintake_dmarc_report where report_id like 'bulk-%' and domain_id = ?", domain))
                .isZero();
        assertThat(count("reportintake_dmarc_report where id = ?", recentDmarc)).isOne();
        assertThat(count("reportintake_dmarc_record where report_id = ?", recentDmarc))
                .isEqualTo(sample.rows().size());
        assertThat(count("reportintake_tls_report where id = ?", oldTls)).isZero();
        assertThat(count("reportintake_tls_policy where report_id = ?", oldTls)).isZero();
        assertThat(count("reportintake_tls_failure where 0 = ?", 0))
                .as("the old report's failure details went, the recent one's stayed")
                .isEqualTo(failuresBefore - failures(tlsSample));
        assertThat(count("reportintake_tls_report where id = ?", recentTls)).isOne();
        assertThat(count(
                        "reportintake_tls_failure f join reportintake_tls_policy q on q.id = f.policy_id"
                                + " where q.report_id = ?",
                        recentTls))
                .isEqualTo(failures(tlsSample));
        assertThat(count("reportintake_rejected where file_name = ?", oldFile)).isZero();
        assertThat(count("reportintake_rejected where file_name = ?", recentFile))
                .isOne();

        assertThat(retention.purge(now).dmarcReports())
                .as("a second purge finds nothing")
                .isZero();
    }

    private DmarcReport dmarc(String domain) {
        return files.open("google.xml", ReportSamples.about("google-like.xml", domain)).stream()
                .map(i -> ((ReportFiles.DmarcItem) i).report())
                .findFirst()
                .orElseThrow();
    }

    private TlsReport tls(String domain) {
        return files.open("tls.json", ReportSamples.about("tlsrpt.json", domain)).stream()
                .map(i -> ((ReportFiles.TlsItem) i).report())
                .findFirst()
                .orElseThrow();
    }

    private long insertDmarc(DmarcReport r, Instant end, long domain) {
        DmarcReport dated = new DmarcReport(
                r.orgName(),
                r.email(),
                r.reportId() + "-" + UUID.randomUUID(),
                end.minusSeconds(86_400),
                end,
                r.domain(),
                r.policy(),
                r.rows());
        return store.insertDmarc(dated, domain, receipt(end)).orElseThrow();
    }

    private long insertTls(TlsReport r, Instant end, long domain) {
        TlsReport dated = new TlsReport(
                r.orgName(),
                r.contact(),
                r.reportId() + "-" + UUID.randomUUID(),
                end.minusSeconds(86_400),
                end,
                r.policies());
        return store.insertTls(dated, Collections.nCopies(r.policies().size(), domain), receipt(end))
                .orElseThrow();
    }

    private static long failures(TlsReport r) {
        return r.policies().stream().mapToLong(p -> p.failures().size()).sum();
    }

    private static ReportStore.Receipt receipt(Instant at) {
        return new ReportStore.Receipt(ReportSource.API, "retention.xml", at, "test");
    }

    private long count(String fromWhere, Object arg) {
        return jdbc.queryForObject("select count(*) from " + fromWhere, Long.class, arg);
    }
}
