package dev.mailward.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The login throttle's rows: the account-wide counter in {@code user_account} (written only here,
 * by plain statements that leave the entity's version alone, so a login never meets an
 * optimistic-lock conflict) and the per (account, client address) counters in
 * {@code login_throttle}. Reads that lead to a write lock the account's row first: every attempt
 * on one account is judged one after the other, on every instance sharing the database.
 */
@Repository
class LoginThrottleRepository {

    /** The account's id, name and counter. */
    record AccountRow(long id, String username, ThrottleCounter counter) {}

    private final JdbcClient jdbc;

    LoginThrottleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the account's row for the rest of the transaction (other attempts on it wait). */
    Optional<AccountRow> lockAccount(String username) {
        return jdbc.sql("select id, username, failed_logins, failure_window_start, locked_until, login_pending,"
                        + " login_pending_since from user_account where username = ? for no key update")
                .param(username)
                .query((rs, n) -> new AccountRow(
                        rs.getLong("id"),
                        rs.getString("username"),
                        new ThrottleCounter(
                                rs.getInt("failed_logins"),
                                instant(rs, "failure_window_start"),
                                instant(rs, "locked_until"),
                                rs.getInt("login_pending"),
                                instant(rs, "login_pending_since"))))
                .optional();
    }

    ThrottleCounter source(long userId, String address) {
        return jdbc.sql("select failures, window_start, locked_until, pending, pending_since from login_throttle"
                        + " where user_id = ? and source_address = ?")
                .params(userId, address)
                .query((rs, n) -> new ThrottleCounter(
                        rs.getInt("failures"),
                        instant(rs, "window_start"),
                        instant(rs, "locked_until"),
                        rs.getInt("pending"),
                        instant(rs, "pending_since")))
                .optional()
                .orElse(ThrottleCounter.NONE);
    }

    void saveAccount(long userId, ThrottleCounter c) {
        jdbc.sql("update user_account set failed_logins = ?, failure_window_start = ?, locked_until = ?,"
                        + " login_pending = ?, login_pending_since = ? where id = ?")
                .params(
                        c.failures(),
                        ts(c.windowStart()),
                        ts(c.blockedUntil()),
                        c.pending(),
                        ts(c.pendingSince()),
                        userId)
                .update();
    }

    void saveSource(long userId, String address, ThrottleCounter c, Instant expiresAt) {
        jdbc.sql("insert into login_throttle (user_id, source_address, failures, window_start, locked_until, pending,"
                        + " pending_since, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (user_id, source_address) do update set failures = excluded.failures,"
                        + " window_start = excluded.window_start, locked_until = excluded.locked_until,"
                        + " pending = excluded.pending, pending_since = excluded.pending_since,"
                        + " expires_at = excluded.expires_at")
                .params(
                        userId,
                        address,
                        c.failures(),
                        ts(c.windowStart()),
                        ts(c.blockedUntil()),
                        c.pending(),
                        ts(c.pendingSince()),
                        ts(expiresAt))
                .update();
    }

    /** Remembers the latest end of a lock of one of the account's client addresses (shown to admins). */
    void sourceLocked(long userId, Instant until) {
        jdbc.sql("update user_account set source_locked_until = greatest(coalesce(source_locked_until, ?), ?)"
                        + " where id = ?")
                .params(ts(until), ts(until), userId)
                .update();
    }

    /** The right password: the account's failures and delay are forgotten, the reserved checks released. */
    void succeeded(long userId, String address) {
        jdbc.sql(
                        "update user_account set failed_logins = 0, failure_window_start = null, locked_until = null,"
                                + " login_pending = greatest(login_pending - 1, 0),"
                                + " login_pending_since = case when login_pending > 1 then login_pending_since end where id = ?")
                .param(userId)
                .update();
        jdbc.sql("update login_throttle set failures = 0, window_start = null, pending = greatest(pending - 1, 0),"
                        + " pending_since = case when pending > 1 then pending_since end"
                        + " where user_id = ? and source_address = ?")
                .params(userId, address)
                .update();
    }

    /** A reserved check ended without a judgement: its slots are free again, nothing is counted. */
    void released(long userId, String address) {
        jdbc.sql(
                        "update user_account set login_pending = greatest(login_pending - 1, 0),"
                                + " login_pending_since = case when login_pending > 1 then login_pending_since end where id = ?")
                .param(userId)
                .update();
        jdbc.sql("update login_throttle set pending = greatest(pending - 1, 0),"
                        + " pending_since = case when pending > 1 then pending_since end"
                        + " where user_id = ? and source_address = ?")
                .params(userId, address)
                .update();
    }

    /** Records an interactive login; the user's name, empty when the user is gone. */
    Optional<String> loggedIn(long userId, Instant at) {
        return jdbc.sql("update user_account set last_login_at = ? where id = ? returning username")
                .params(ts(at), userId)
                .query(String.class)
                .optional();
    }

    /** The client addresses that failed on the account within the window (or are locked for it). */
    List<String> sources(long userId) {
        return jdbc.sql(
                        "select source_address from login_throttle where user_id = ? order by source_address limit 10000")
                .param(userId)
                .query(String.class)
                .list();
    }

    /** Deletes rows whose state has lapsed: those of one account, and a bounded batch of any. */
    int deleteExpired(long userId, Instant now, int batch) {
        int own = jdbc.sql("delete from login_throttle where user_id = ? and expires_at <= ?")
                .params(userId, ts(now))
                .update();
        return own
                + jdbc.sql("delete from login_throttle where ctid = any (array(select ctid from login_throttle"
                                + " where expires_at <= ? limit ?))")
                        .params(ts(now), batch)
                        .update();
    }

    private static SqlParameterValue ts(Instant instant) {
        return new SqlParameterValue(
                Types.TIMESTAMP_WITH_TIMEZONE, instant == null ? null : instant.atOffset(ZoneOffset.UTC));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
