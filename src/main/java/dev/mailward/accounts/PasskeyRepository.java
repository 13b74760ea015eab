package dev.mailward.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The console's own reads and removals of passkeys, beside Spring Security's JDBC repositories of the same
 * tables (V36): a user entity's name is the account's user name.
 */
@Repository
class PasskeyRepository {

    private final JdbcClient jdbc;

    PasskeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PasskeyView> list(String username) {
        return jdbc.sql("select c.credential_id, c.label, c.created, c.last_used from user_credentials c"
                        + " join user_entities e on e.id = c.user_entity_user_id where e.name = ?"
                        + " order by c.created, c.credential_id")
                .param(username)
                .query((rs, n) -> new PasskeyView(
                        rs.getString("credential_id"),
                        rs.getString("label"),
                        instant(rs.getTimestamp("created")),
                        Optional.ofNullable(instant(rs.getTimestamp("last_used")))))
                .list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    boolean registered(long userId) {
        return jdbc.sql("select count(*) from user_credentials c join user_entities e on e.id = c.user_entity_user_id"
                                + " join user_account u on u.username = e.name where u.id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The user name a passkey belongs to. */
    Optional<String> owner(String credentialId) {
        return jdbc.sql("select e.name from user_credentials c join user_entities e on e.id = c.user_entity_user_id"
                        + " where c.credential_id = ?")
                .param(credentialId)
                .query(String.class)
                .optional();
    }

    /** The user name of a user handle. */
    Optional<String> ownerOfHandle(String userHandle) {
        return jdbc.sql("select name from user_entities where id = ?")
                .param(userHandle)
                .query(String.class)
                .optional();
    }

    /** The label of a passkey. */
    Optional<String> label(String credentialId) {
        return jdbc.sql("select label from user_credentials where credential_id = ?")
                .param(credentialId)
                .query(String.class)
                .optional();
    }

    boolean delete(String credentialId, String username) {
        return jdbc.sql("delete from user_credentials c using user_entities e where e.id = c.user_entity_user_id"
                                + " and c.credential_id = ? and e.name = ?")
                        .params(credentialId, username)
                        .update()
                == 1;
    }

    /** Removes every passkey of the user (and its user entity); the number of passkeys removed. */
    int deleteAll(String username) {
        int passkeys = jdbc.sql("delete from user_credentials c using user_entities e"
                        + " where e.id = c.user_entity_user_id and e.name = ?")
                .param(username)
                .update();
        jdbc.sql("delete from user_entities where name = ?").param(username).update();
        return passkeys;
    }
}
