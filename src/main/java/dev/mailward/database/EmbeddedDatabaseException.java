package dev.mailward.database;

/**
 * The embedded PostgreSQL cannot be used as it is: a damaged data directory, a password file
 * that does not fit it, a port in use. The message says what is wrong, {@link #action()} what the
 * operator can do; Spring Boot prints both instead of a bare stack trace when the console does not
 * start (see {@code EmbeddedDatabaseFailureAnalyzer}).
 */
public class EmbeddedDatabaseException extends IllegalStateException {

    private final String action;

    public EmbeddedDatabaseException(String message, String action) {
        super(message);
        this.action = action;
    }

    public EmbeddedDatabaseException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What the operator can do about it, in a sentence or two. */
    public String action() {
        return action;
    }
}
