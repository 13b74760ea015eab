package dev.mailward.results;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code finding_exception}: accepted findings. Domain names and teams come from the inventory's
 * published view {@code inventory_domain_v}.
 */
@Repository
class ExceptionStore {

    private static final String COLUMNS =
            "id, domain_id, check_id, target, finding_code, reason, expires_on, created_by, created_at";

    private final JdbcClient jdbc;

    ExceptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long domainId, AcceptFinding cmd, String actor, Instant at) {
        return jdbc.sql("insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id")
                .params(
                        domainId,
                        cmd.check(),
                        cmd.target(),
                        cmd.code(),
                        cmd.reason(),
                        Date.valueOf(cmd.expiresOn()),
                        actor,
                        Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    /** Exceptions of a domain not revoked and not expired on {@code today}. */
    List<AcceptedFinding> active(long domainId, LocalDate today) {
        return jdbc.sql("select " + COLUMNS + " from finding_exception where domain_id = ? and revoked_at is null "
                        + "and expires_on >= ? order by check_id, target, finding_code, id")
                .params(domainId, Date.valueOf(today))
                .query((rs, n) -> new AcceptedFinding(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getDate(7).toLocalDate(),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .list();
    }

    /** The exception, revoked or not. */
    Optional<AcceptedFinding> find(long domainId, long id) {
        return jdbc.sql("select " + COLUMNS + " from finding_exception where domain_id = ? and id = ?")
                .params(domainId, id)
                .query((rs, n) -> new AcceptedFinding(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getDate(7).toLocalDate(),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
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
     * A page of exceptions of the given teams' domains ({@code null} = every team), optionally of
     * one domain and only those active on {@code today}, newest first.
     */
    List<ExceptionEntry> list(
            Long[] teamIds, Optional<Long> domainId, Optional<LocalDate> activeOn, int offset, int limit) {
        return jdbc.sql("select e.id, e.domain_id, e.check_id, e.target, e.finding_code, e.reason, e.expires_on, "
                        + "e.created_by, e.created_at, d.a_label, d.team_id, e.revoked_by, e.revoked_at "
                        + "from finding_exception e join inventory_domain_v d on d.id = e.domain_id" + WHERE
                        + " order by e.created_at desc, e.id desc offset :offset limit :limit")
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("domain", domainId.orElse(null), java.sql.Types.BIGINT)
                .param("day", activeOn.map(Date::valueOf).orElse(null), java.sql.Types.DATE)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> new ExceptionEntry(
                        new AcceptedFinding(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getDate(7).toLocalDate(),
                                rs.getString(8),
                                rs.getTimestamp(9).toInstant()),
                        rs.getString(10),
                        rs.getLong(11),
                        Optional.ofNullable(rs.getString(12)),
                        Optional.ofNullable(rs.getTimestamp(13)).map(Timestamp::toInstant)))
                .list();
    }

    /** How many rows {@link #list} pages through. */
    long count(Long[] teamIds, Optional<Long> domainId, Optional<LocalDate> activeOn) {
        return jdbc.sql("select count(*) from finding_exception e join inventory_domain_v d on d.id = e.domain_id"
                        + WHERE)
                .param("teams", teamIds, java.sql.Types.ARRAY)
                .param("domain", domainId.orElse(null), java.sql.Types.BIGINT)
                .param("day", activeOn.map(Date::valueOf).orElse(null), java.sql.Types.DATE)
                .query(Long.class)
                .single();
    }

    private static final String WHERE = " where (cast(:teams as bigint[]) is null or d.team_id = any(:teams)) "
            + "and (cast(:domain as bigint) is null or e.domain_id = :domain) "
            + "and (cast(:day as date) is null or (e.revoked_at is null and e.expires_on >= :day))";

    boolean revoke(long id, String actor, Instant at) {
        return jdbc.sql(
                                "update finding_exception set revoked_by = ?, revoked_at = ? where id = ? and revoked_at is null")
                        .params(actor, Timestamp.from(at), id)
                        .update()
                == 1;
    }
}
