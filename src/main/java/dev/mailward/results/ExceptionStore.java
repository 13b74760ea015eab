package dev.mailward.results;

import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code finding_exception}: accepted findings. Domain names and teams come from the inventory's
 * published view {@code inventory_domain_v}.
 */
@Repository
class ExceptionStore {

    private static final String COLUMNS =
            "e.id, e.domain_id, e.check_id, e.target, e.finding_code, e.reason, e.expires_on, e.created_by, "
                    + "e.created_at, e.scope";

    private static final RowMapper<AcceptedFinding> FINDING = (rs, n) -> new AcceptedFinding(
            rs.getLong(1),
            rs.getLong(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getDate(7).toLocalDate(),
            rs.getString(8),
            rs.getTimestamp(9).toInstant(),
            ExceptionScope.valueOf(rs.getString(10)));

    private final JdbcClient jdbc;

    ExceptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long domainId, AcceptFinding cmd, String actor, Instant at) {
        return jdbc.sql("insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at, scope) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")
                .params(
                        domainId,
                        cmd.check(),
                        cmd.target(),
                        cmd.code(),
                        cmd.reason(),
                        Date.valueOf(cmd.expiresOn()),
                        actor,
                        Timestamp.from(at),
                        cmd.scope().name())
                .query(Long.class)
                .single();
    }

    /** Exceptions of a domain not revoked and not expired on {@code today}. */
    List<AcceptedFinding> active(long domainId, LocalDate today) {
        return jdbc.sql("select " + COLUMNS
                        + " from finding_exception e where e.domain_id = ? and e.revoked_at is null "
                        + "and e.expires_on >= ? order by e.check_id, e.target, e.finding_code, e.id")
                .params(domainId, Date.valueOf(today))
                .query(FINDING)
                .list();
    }

    /** The exception, revoked or not. */
    Optional<AcceptedFinding> find(long domainId, long id) {
        return jdbc.sql("select " + COLUMNS + " from finding_exception e where e.domain_id = ? and e.id = ?")
                .params(domainId, id)
                .query(FINDING)
                .optional();
    }

    /** The domain of an exception, revoked or not. */
    Optional<Long> domainOf(long id) {
        return jdbc.sql("select domain_id from finding_exception where id = ?")
                .param(id)
                .query(Long.class)
                .optional();
    }

    /**
     * What {@link #list} and {@link #count} select.
     *
     * @param teamIds the teams whose domains count ({@code null} = every team)
     * @param domainId only this domain's
     * @param domainName only domains whose A-label or U-label contains this (lower case)
     * @param state the tab
     * @param day the day the state is judged on (UTC)
     */
    record Filter(
            Long[] teamIds,
            Optional<Long> domainId,
            Optional<String> domainName,
            ExceptionState state,
            LocalDate day) {}

    /** A page of the exceptions the filter selects, newest first. */
    List<ExceptionEntry> list(Filter f, int offset, int limit) {
        return params(
                        jdbc.sql("select " + COLUMNS + ", d.a_label, d.team_id, e.revoked_by, e.revoked_at "
                                + "from finding_exception e join inventory_domain_v d on d.id = e.domain_id" + WHERE
                                + " order by e.created_at desc, e.id desc offset :offset limit :limit"),
                        f)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> new ExceptionEntry(
                        FINDING.mapRow(rs, n),
                        rs.getString(11),
                        rs.getLong(12),
                        Optional.ofNullable(rs.getString(13)),
                        Optional.ofNullable(rs.getTimestamp(14)).map(Timestamp::toInstant)))
                .list();
    }

    /** How many rows {@link #list} pages through. */
    long count(Filter f) {
        return params(
                        jdbc.sql(
                                "select count(*) from finding_exception e join inventory_domain_v d on d.id = e.domain_id"
                                        + WHERE),
                        f)
                .query(Long.class)
                .single();
    }

    private static JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec, Filter f) {
        return spec.param("teams", f.teamIds(), Types.ARRAY)
                .param("domain", f.domainId().orElse(null), Types.BIGINT)
                .param("name", f.domainName().orElse(null), Types.VARCHAR)
                .param("state", f.state().name(), Types.VARCHAR)
                .param("day", Date.valueOf(f.day()), Types.DATE)
                .param("soon", Date.valueOf(f.day().plusDays(ExceptionState.EXPIRING_DAYS)), Types.DATE);
    }

    private static final String WHERE = " where (cast(:teams as bigint[]) is null or d.team_id = any(:teams)) "
            + "and (cast(:domain as bigint) is null or e.domain_id = :domain) "
            + "and (cast(:name as varchar) is null or strpos(d.a_label, :name) > 0 or strpos(lower(d.u_label), :name) > 0) "
            + "and case cast(:state as varchar) "
            + "when 'ACTIVE' then e.revoked_at is null and e.expires_on >= :day "
            + "when 'EXPIRING' then e.revoked_at is null and e.expires_on >= :day and e.expires_on <= :soon "
            + "when 'EXPIRED' then e.revoked_at is null and e.expires_on < :day "
            + "when 'REVOKED' then e.revoked_at is not null "
            + "else true end";

    boolean revoke(long id, String actor, Instant at) {
        return jdbc.sql(
                                "update finding_exception set revoked_by = ?, revoked_at = ? where id = ? and revoked_at is null")
                        .params(actor, Timestamp.from(at), id)
                        .update()
                == 1;
    }
}
