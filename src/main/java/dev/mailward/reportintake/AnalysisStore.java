package dev.mailward.reportintake;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The analysis' reads over the intake's tables: per source address what the reports say (for the classifier),
 * how much a period holds, TLS failures per sending address and result type, and the portfolio of domains by
 * DMARC pass rate. Periods as in {@link ReportStore}: half-open over a report's {@code period_begin}.
 */
@Repository
class AnalysisStore {

    /** Source addresses analysed per summary at most (by messages). */
    static final int TOP_SOURCES = 200;

    /** What the reports of a period say about one source address. */
    record SourceFacts(
            String ip,
            long messages,
            long passing,
            long spfAligned,
            long dkimAligned,
            long spfPass,
            List<String> envelopeFrom,
            List<String> helo,
            List<String> dkimPassDomains,
            List<String> dkimDomains) {}

    /** Failed TLS sessions of one result type from one sending address (null: not named). */
    record SendingFailures(String sendingIp, String resultType, long sessions) {}

    private final JdbcClient jdbc;

    AnalysisStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SourceFacts> sourceFacts(long domainId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        with rows as (
                            select x.source_ip, x.messages, x.dmarc_pass, x.spf_aligned, x.dkim_aligned,
                                lower(x.envelope_from) as envelope_from, lower(x.helo) as helo,
                                exists (select 1 from jsonb_array_elements(x.spf) s
                                    where s ->> 'result' = 'pass') as spf_pass,
                                (select string_agg(lower(d ->> 'domain'), ' ') from jsonb_array_elements(x.dkim) d
                                    where d ->> 'result' = 'pass') as dkim_pass,
                                (select string_agg(lower(d ->> 'domain'), ' ') from jsonb_array_elements(x.dkim) d)
                                    as dkim_all
                            from reportintake_dmarc_record x
                            join reportintake_dmarc_report r on r.id = x.report_id
                            where r.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to)
                        select host(source_ip), sum(messages),
                            coalesce(sum(messages) filter (where dmarc_pass), 0),
                            coalesce(sum(messages) filter (where spf_aligned = 'pass'), 0),
                            coalesce(sum(messages) filter (where dkim_aligned = 'pass'), 0),
                            coalesce(sum(messages) filter (where spf_pass), 0),
                            array_remove(array_agg(distinct envelope_from), null),
                            array_remove(array_agg(distinct helo), null),
                            string_agg(distinct dkim_pass, ' '),
                            string_agg(distinct dkim_all, ' ')
                        from rows group by source_ip order by 2 desc, 1 limit :limit
                        """)
                .params(period(domainId, from, to))
                .param("limit", TOP_SOURCES)
                .query((rs, n) -> new SourceFacts(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        strings(rs.getArray(7)),
                        strings(rs.getArray(8)),
                        words(rs.getString(9)),
                        words(rs.getString(10))))
                .list();
    }

    DmarcSummary.Coverage dmarcCoverage(long domainId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select count(*), count(distinct (period_begin at time zone 'UTC')::date), count(distinct org_name)
                        from reportintake_dmarc_report
                        where domain_id = :domain and period_begin >= :from and period_begin < :to
                        """)
                .params(period(domainId, from, to))
                .query((rs, n) -> new DmarcSummary.Coverage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    DmarcSummary.Coverage tlsCoverage(long domainId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select count(distinct r.id), count(distinct (r.period_begin at time zone 'UTC')::date),
                            count(distinct r.org_name)
                        from reportintake_tls_policy q join reportintake_tls_report r on r.id = q.report_id
                        where q.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to
                        """)
                .params(period(domainId, from, to))
                .query((rs, n) -> new DmarcSummary.Coverage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    /** Failed sessions per result type (all of them, most first). */
    List<Map.Entry<String, Long>> tlsResultTotals(long domainId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select f.result_type, sum(f.sessions)
                        from reportintake_tls_policy q join reportintake_tls_report r on r.id = q.report_id
                        join reportintake_tls_failure f on f.policy_id = q.id
                        where q.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to
                        group by 1 order by 2 desc, 1 limit 100
                        """)
                .params(period(domainId, from, to))
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list();
    }

    /** Failed sessions per sending address and result type (most first, at most {@link #TOP_SOURCES}). */
    List<SendingFailures> tlsSendingFailures(long domainId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select f.sending_ip, f.result_type, sum(f.sessions)
                        from reportintake_tls_policy q join reportintake_tls_report r on r.id = q.report_id
                        join reportintake_tls_failure f on f.policy_id = q.id
                        where q.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to
                        group by 1, 2 order by 3 desc, 1, 2 limit :limit
                        """)
                .params(period(domainId, from, to))
                .param("limit", TOP_SOURCES)
                .query((rs, n) -> new SendingFailures(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /**
     * One page of the domains of the given teams (null: all) with DMARC reports in the period, lowest pass rate
     * first ({@code size + 1} rows asked, so that the caller knows whether a next page exists).
     */
    List<Portfolio.Row> portfolio(Set<Long> teams, LocalDate from, LocalDate to, int offset, int size) {
        List<Long> ids = teams == null || teams.isEmpty() ? List.of(-1L) : List.copyOf(teams);
        return jdbc.sql("""
                        select d.id, d.a_label, sum(x.messages) as messages,
                            coalesce(sum(x.messages) filter (where x.dmarc_pass), 0) as passing,
                            count(distinct r.id)
                        from inventory_domain_v d
                        join reportintake_dmarc_report r on r.domain_id = d.id
                        join reportintake_dmarc_record x on x.report_id = r.id
                        where (:all or d.team_id in (:teams)) and r.period_begin >= :from and r.period_begin < :to
                        group by d.id, d.a_label
                        order by coalesce(sum(x.messages) filter (where x.dmarc_pass), 0)::float8
                            / greatest(sum(x.messages), 1), sum(x.messages) desc, d.a_label
                        offset :offset limit :limit
                        """)
                .param("all", teams == null)
                .param("teams", ids)
                .param("from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param(
                        "to",
                        Timestamp.from(
                                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param("offset", offset)
                .param("limit", size + 1)
                .query((rs, n) ->
                        new Portfolio.Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

    private static Map<String, Object> period(long domainId, LocalDate from, LocalDate to) {
        return Map.of(
                "domain", domainId,
                "from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()),
                "to", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    private static List<String> words(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return List.copyOf(new TreeSet<>(Arrays.asList(joined.strip().split("\\s+"))));
    }

    private static List<String> strings(java.sql.Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
