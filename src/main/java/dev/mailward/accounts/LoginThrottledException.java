package dev.mailward.accounts;

import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.LockedException;

/**
 * Login refused because the client address, the account from that address, or the account as a
 * whole is blocked or delayed after failed logins (or too many logins wait at once).
 */
final class LoginThrottledException extends LockedException {

    /** Up to this long the login page says seconds, beyond it minutes. */
    static final Duration SECONDS_SHOWN = Duration.ofSeconds(90);

    private final Instant until;

    LoginThrottledException(Instant until) {
        super("too many failed login attempts");
        this.until = until;
    }

    /** Whole seconds until the block ends, at least 1. */
    long secondsLeft(Instant now) {
        long millis = Math.max(0, Duration.between(now, until).toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Whole minutes until the block ends, at least 1. */
    long minutesLeft(Instant now) {
        return Math.max(1, (secondsLeft(now) + 59) / 60);
    }

    /** The login page that tells how long to wait: {@code /login?wait=<seconds>} or {@code /login?locked=<minutes>}. */
    String loginPage(Instant now) {
        long seconds = secondsLeft(now);
        return seconds <= SECONDS_SHOWN.toSeconds() ? "/login?wait=" + seconds : "/login?locked=" + minutesLeft(now);
    }
}
