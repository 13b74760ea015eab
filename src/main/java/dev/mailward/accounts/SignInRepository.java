package dev.mailward.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The links of accounts to OpenID identities ({@code oidc_identity}, V34) and the sign-in setting (V35). */
@Repository
class SignInRepository {

    private final JdbcClient jdbc;

    SignInRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account linked to this identity. */
    Optional<Long> linkedUser(String issuer, String subject) {
        return jdbc.sql("select user_id from oidc_identity where issuer = ? and subject = ?")
                .params(issuer, subject)
                .query(Long.class)
                .optional();
    }

    /** Whether the account is linked to some identity of this issuer already. */
    boolean linkedToIssuer(long userId, String issuer) {
        return jdbc.sql("select count(*) from oidc_identity where user_id = ? and issuer = ?")
                        .params(userId, issuer)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void link(String issuer, String subject, long userId, Instant now) {
        jdbc.sql(
                        "insert into oidc_identity (issuer, subject, user_id, linked_at, last_sign_in_at) values (?, ?, ?, ?, ?)")
                .params(issuer, subject, userId, Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    void signedIn(String issuer, String subject, Instant now) {
        jdbc.sql("update oidc_identity set last_sign_in_at = ? where issuer = ? and subject = ?")
                .params(Timestamp.from(now), issuer, subject)
                .update();
    }

    /** Whether password sign-in is open to everyone, as an admin last set it; empty: never set. */
    Optional<Boolean> passwordSignIn() {
        return jdbc.sql("select password_sign_in from sign_in_setting where id = 1")
                .query(Boolean.class)
                .optional();
    }

    void setPasswordSignIn(boolean open, String actor, Instant now) {
        jdbc.sql("insert into sign_in_setting (id, password_sign_in, changed_by, changed_at) values (1, ?, ?, ?)"
                        + " on conflict (id) do update set password_sign_in = excluded.password_sign_in,"
                        + " changed_by = excluded.changed_by, changed_at = excluded.changed_at")
                .params(open, actor, Timestamp.from(now))
                .update();
    }
}
