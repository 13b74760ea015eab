package dev.mailward.reportintake;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stored reports for the tests of the modules that read them (mitigations, dashboard, notifications): one DMARC
 * report with one row, or one TLS report with one policy and its failures, about an inventory domain on a day,
 * written as the intake stores them.
 */
public final class ReportRowsFixture {

    private final JdbcTemplate jdbc;

    public ReportRowsFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A DMARC report of the day with one row: {@code messages} from {@code ip}, DKIM and SPF aligned or not. */
    public void dmarc(
            long domainId, String domain, LocalDate day, String ip, long messages, boolean dkim, boolean spf) {
        Timestamp begin = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp end =
                Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Long report = jdbc.queryForObject(
                """
                insert into reportintake_dmarc_report (org_name, report_id, domain_name, domain_id, period_begin,
                    period_end, policy_p, messages, source, file_name, received_at, received_by)
                values ('reporter.test', ?, ?, ?, ?, ?, 'none', ?, 'API', 'fixture.xml', now(), 'test') returning id
                """, Long.class, UUID.randomUUID().toString(), domain, domainId, begin, end, messages);
        String dkimJson = dkim ? "[{\"domain\":\"" + domain + "\",\"selector\":\"s1\",\"result\":\"pass\"}]" : "[]";
        jdbc.update(
                """
                insert into reportintake_dmarc_record (report_id, row_no, source_ip, messages, disposition,
                    dkim_aligned, spf_aligned, dmarc_pass, header_from, envelope_from, dkim, spf)
                values (?, 1, cast(? as inet), ?, 'none', ?, ?, ?, ?, ?, cast(? as jsonb), '[]'::jsonb)
                """,
                report,
                ip,
                messages,
                dkim ? "pass" : "fail",
                spf ? "pass" : "fail",
                dkim || spf,
                domain,
                domain,
                dkimJson);
    }

    /** A TLS report of the day: successful and failed sessions, the failed ones of {@code resultType}. */
    public void tls(long domainId, String domain, LocalDate day, long successful, long failed, String resultType) {
        Timestamp begin = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp end =
                Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Long report = jdbc.queryForObject("""
                insert into reportintake_tls_report (org_name, report_id, period_begin, period_end, source, file_name,
                    received_at, received_by)
                values ('tls-reporter.test', ?, ?, ?, 'API', 'fixture.json', now(), 'test') returning id
                """, Long.class, UUID.randomUUID().toString(), begin, end);
        Long policy = jdbc.queryForObject("""
                insert into reportintake_tls_policy (report_id, policy_type, domain_name, domain_id, successful, failed)
                values (?, 'sts', ?, ?, ?, ?) returning id
                """, Long.class, report, domain, domainId, successful, failed);
        if (failed > 0) {
            jdbc.update("""
                    insert into reportintake_tls_failure (policy_id, result_type, receiving_mx, sessions)
                    values (?, ?, ?, ?)
                    """, policy, resultType, "mx." + domain, failed);
        }
    }
}
