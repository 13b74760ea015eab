package dev.mailward.accounts;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A sign-in whose password was right and whose second step is still due. Kept in the (not yet
 * authenticated) session under {@link #ATTRIBUTE}; the session becomes authenticated only when the second
 * step passes, so nothing else in the console treats it as signed in meanwhile.
 *
 * @param userId the account
 * @param username its lower-case name
 * @param passwordAt when the password was checked; the second step must follow within {@link #VALID_FOR}
 */
public record PendingSignIn(long userId, String username, Instant passwordAt) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The session attribute. */
    public static final String ATTRIBUTE = PendingSignIn.class.getName();

    /** How long the second step may take after the password. */
    public static final Duration VALID_FOR = Duration.ofMinutes(5);

    boolean expired(Instant now) {
        return !now.isBefore(passwordAt.plus(VALID_FOR));
    }
}
