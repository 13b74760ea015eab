package dev.mailward.reportintake;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Figures over many domains for the pages and alerts outside the intake (the mitigation pages, the
 * notification sweep), and the senders an SPF record could name. Each answer is one SQL statement over
 * {@code reportintake_*} and {@code inventory_domain_v}, with the periods of {@link ReportStore}.
 */
@Repository
class ReportFigures {

    private final JdbcClient jdbc;

    ReportFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per domain of the teams (null: every domain) with reports in the period, by name. */
    List<DomainPassRate> passRates(Set<Long> teams, LocalDate from, LocalDate to) {
        List<Long> ids = teams == null || teams.isEmpty() ? List.of(-1L) : List.copyOf(teams);
        return jdbc.sql("""
                        with d as (
                            select id, a_label from inventory_domain_v where (:all or team_id in (:teams))),
                        dm as (
                            select r.domain_id, sum(x.messages) as messages,
                                coalesce(sum(x.messages) filter (where x.dmarc_pass), 0) as passing
                            from reportintake_dmarc_report r
                            join reportintake_dmarc_record x on x.report_id = r.id
                            where r.domain_id in (select id from d)
                              and r.period_begin >= :from and r.period_begin < :to
                            group by r.domain_id),
                        tl as (
                            select q.domain_id, sum(q.successful) as successful, sum(q.failed) as failed
                            from reportintake_tls_policy q
                            join reportintake_tls_report r on r.id = q.report_id
                            where q.domain_id in (select id from d)
                              and r.period_begin >= :from and r.period_begin < :to
                            group by q.domain_id),
                        ft as (
                            select q.domain_id, array_agg(distinct f.result_type order by f.result_type) as types
                            from reportintake_tls_policy q
                            join reportintake_tls_report r on r.id = q.report_id
                            join reportintake_tls_failure f on f.policy_id = q.id
                            where q.domain_id in (select id from d)
                              and r.period_begin >= :from and r.period_begin < :to and f.sessions > 0
                            group by q.domain_id)
                        select d.id, d.a_label, coalesce(dm.messages, 0), coalesce(dm.passing, 0),
                            coalesce(tl.successful, 0), coalesce(tl.failed, 0), ft.types
                        from d
                        left join dm on dm.domain_id = d.id
                        left join tl on tl.domain_id = d.id
                        left join ft on ft.domain_id = d.id
                        where dm.domain_id is not null or tl.domain_id is not null
                        order by d.a_label
                        """)
                .param("all", teams == null)
                .param("teams", ids)
                .param("from", start(from))
                .param("to", start(to.plusDays(1)))
                .query((rs, n) -> new DomainPassRate(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getArray(7) == null
                                ? List.of()
                                : Arrays.stream((Object[]) rs.getArray(7).getArray())
                                        .map(String::valueOf)
                                        .toList()))
                .list();
    }

    /**
     * The source addresses whose messages passed DKIM aligned with the domain while SPF passed aligned for
     * none of them, most messages first.
     */
    List<ReportedSender> dkimOnlySenders(long domainId, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("""
                        select host(x.source_ip), sum(x.messages)
                        from reportintake_dmarc_record x
                        join reportintake_dmarc_report r on r.id = x.report_id
                        where r.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to
                          and x.dkim_aligned = 'pass'
                        group by x.source_ip
                        having bool_and(x.spf_aligned is distinct from 'pass')
                        order by 2 desc, 1
                        limit :limit
                        """)
                .param("domain", domainId)
                .param("from", start(from))
                .param("to", start(to.plusDays(1)))
                .param("limit", limit)
                .query((rs, n) -> new ReportedSender(rs.getString(1), rs.getLong(2)))
                .list();
    }

    private static Timestamp start(LocalDate day) {
        return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
