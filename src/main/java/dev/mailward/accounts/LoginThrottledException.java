package dev.mailward.accounts;

import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.LockedException;

/** Login refused because the account or the client address is locked after failed logins. */
final class LoginThrottledException extends LockedException {

    private final Instant until;

    LoginThrottledException(Instant until) {
        super("too many failed login attempts");
        this.until = until;
    }

    /** Whole minutes until the lock ends, at least 1. */
    long minutesLeft(Instant now) {
        long seconds = Math.max(0, Duration.between(now, until).toSeconds());
        return Math.max(1, (seconds + 59) / 60);
    }
}
