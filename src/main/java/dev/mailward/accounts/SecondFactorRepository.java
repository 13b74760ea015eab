package dev.mailward.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The second factors' rows: a user's TOTP key ({@code second_factor}, encrypted) and recovery codes
 * ({@code recovery_code}, hashed). A code is accepted by a conditional update, so that of two requests with
 * the same code (on one instance or two) exactly one wins.
 */
@Repository
class SecondFactorRepository {

    /** A user's TOTP key as stored: sealed, enrolled or still waiting for its first code, the last step used. */
    record TotpRow(String sealedSecret, Optional<Instant> enrolledAt, long lastUsedStep) {}

    /** One unused recovery code's hash. */
    record RecoveryRow(long id, String hash) {}

    private final JdbcClient jdbc;

    SecondFactorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<TotpRow> totp(long userId) {
        return jdbc.sql("select totp_secret, enrolled_at, last_used_step from second_factor where user_id = ?")
                .param(userId)
                .query((rs, n) -> {
                    Timestamp enrolled = rs.getTimestamp("enrolled_at");
                    long last = rs.getLong("last_used_step");
                    return new TotpRow(
                            rs.getString("totp_secret"),
                            Optional.ofNullable(enrolled).map(Timestamp::toInstant),
                            rs.wasNull() ? Long.MIN_VALUE : last);
                })
                .optional();
    }

    boolean enrolled(long userId) {
        return jdbc.sql("select count(*) from second_factor where user_id = ? and enrolled_at is not null")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** A new key waiting for its first code; replaces an earlier unconfirmed one, never an enrolled one. */
    boolean savePending(long userId, String sealedSecret, Instant now) {
        return jdbc.sql("insert into second_factor (user_id, totp_secret, created_at) values (?, ?, ?)"
                                + " on conflict (user_id) do update set totp_secret = excluded.totp_secret,"
                                + " created_at = excluded.created_at where second_factor.enrolled_at is null")
                        .params(userId, sealedSecret, Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The first code was right: the key is the user's second factor from now on. */
    boolean confirm(long userId, long step, Instant now) {
        return jdbc.sql("update second_factor set enrolled_at = ?, last_used_step = ?"
                                + " where user_id = ? and enrolled_at is null")
                        .params(Timestamp.from(now), step, userId)
                        .update()
                == 1;
    }

    /** Accepts the code of {@code step} unless it, or a later one, was accepted already. */
    boolean useStep(long userId, long step) {
        return jdbc.sql("update second_factor set last_used_step = ? where user_id = ? and enrolled_at is not null"
                                + " and (last_used_step is null or last_used_step < ?)")
                        .params(step, userId, step)
                        .update()
                == 1;
    }

    void replaceRecoveryCodes(long userId, List<String> hashes) {
        jdbc.sql("delete from recovery_code where user_id = ?").param(userId).update();
        for (String hash : hashes) {
            jdbc.sql("insert into recovery_code (user_id, code_hash) values (?, ?)")
                    .params(userId, hash)
                    .update();
        }
    }

    List<RecoveryRow> unusedRecoveryCodes(long userId) {
        return jdbc.sql("select id, code_hash from recovery_code where user_id = ? and used_at is null order by id")
                .param(userId)
                .query((rs, n) -> new RecoveryRow(rs.getLong("id"), rs.getString("code_hash")))
                .list();
    }

    /** Marks the code used; false when another request used it first. */
    boolean useRecoveryCode(long id, Instant now) {
        return jdbc.sql("update recovery_code set used_at = ? where id = ? and used_at is null")
                        .params(Timestamp.from(now), id)
                        .update()
                == 1;
    }

    /** Removes the key (enrolled or not) and the recovery codes; true when there was a key. */
    boolean delete(long userId) {
        jdbc.sql("delete from recovery_code where user_id = ?").param(userId).update();
        return jdbc.sql("delete from second_factor where user_id = ?")
                        .param(userId)
                        .update()
                == 1;
    }
}
