package dev.mailward.scanning;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code finding_exception}: accepted findings. */
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
                .params(domainId, cmd.check(), cmd.target(), cmd.code(), cmd.reason(), Date.valueOf(cmd.expiresOn()),
                        actor, Timestamp.from(at))
                .query(Long.class).single();
    }

    /** Exceptions of a domain not revoked and not expired on {@code today}. */
    List<AcceptedFinding> active(long domainId, LocalDate today) {
        return jdbc.sql("select " + COLUMNS + " from finding_exception where domain_id = ? and revoked_at is null "
                        + "and expires_on >= ? order by check_id, target, finding_code, id")
                .params(domainId, Date.valueOf(today))
                .query((rs, n) -> new AcceptedFinding(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .list();
    }

    /** The exception, revoked or not. */
    Optional<AcceptedFinding> find(long domainId, long id) {
        return jdbc.sql("select " + COLUMNS + " from finding_exception where domain_id = ? and id = ?")
                .params(domainId, id)
                .query((rs, n) -> new AcceptedFinding(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .optional();
    }

    boolean revoke(long id, String actor, Instant at) {
        return jdbc.sql("update finding_exception set revoked_by = ?, revoked_at = ? where id = ? and revoked_at is null")
                .params(actor, Timestamp.from(at), id).update() == 1;
    }
}
