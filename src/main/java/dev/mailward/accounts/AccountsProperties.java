package dev.mailward.accounts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the accounts module ({@code mailward.accounts.*}).
 *
 * @param adminPassword password of the first admin created at first start (set it through the
 *     environment: {@code MAILWARD_ADMIN_PASSWORD}); when empty a random one is generated and
 *     printed once in the log
 * @param lockout login throttling
 * @param scopeCacheTtl how long a signed-in user's role and teams, and the list of all teams, read for every
 *     page, are reused
 *     (default 5s; 0 reads them for every call). Changes made on this instance take effect at once; those
 *     made on another instance sharing the database within this time
 * @param passwordChecks passwords checked at once on this instance (each Argon2 check takes a core and
 *     16 MiB for tens of milliseconds); further logins wait their turn without holding a database
 *     connection. 0 (default): one per processor
 * @param session how long a console session lasts
 */
@Validated
@ConfigurationProperties(prefix = "mailward.accounts")
public record AccountsProperties(
        String adminPassword,
        @Valid @DefaultValue Lockout lockout,
        @DefaultValue("5s") Duration scopeCacheTtl,
        @DefaultValue("0") @Min(0) int passwordChecks,
        @Valid @DefaultValue Session session) {

    @ConstructorBinding
    public AccountsProperties {
        if (scopeCacheTtl.isNegative()) {
            throw new IllegalArgumentException(
                    "mailward.accounts.scope-cache-ttl must not be negative: " + scopeCacheTtl);
        }
    }

    /** Settings with the default scope cache and password checks. */
    public AccountsProperties(String adminPassword, Lockout lockout) {
        this(adminPassword, lockout, Duration.ofSeconds(5), 0, new Session(Duration.ofHours(8), Duration.ofHours(24)));
    }

    /** Passwords checked at once: the setting, or one per processor. */
    public int passwordChecksAtOnce() {
        return passwordChecks > 0 ? passwordChecks : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Login throttling. After {@code maxFailures} failed logins within {@code window} on one account
     * from one client address, or from one client address on any accounts, further attempts from that
     * address are refused for {@code duration}. After {@code maxFailures} failed logins within
     * {@code window} on one account from all addresses together, each further attempt on it waits a
     * delay (1 s, doubling with every further failure, at most {@code maxDelay}): slowed down, never
     * locked for everyone, so a stranger cannot lock the owner out.
     *
     * @param maxFailures failures that trigger a lock or the delay (default 5)
     * @param window period in which failures are counted (default 15 minutes)
     * @param duration how long the lock of an address lasts (default 15 minutes)
     * @param trackedAddresses how many client addresses, and separately unknown user names, are
     *     remembered in memory (default 10000; the oldest are forgotten first)
     * @param maxDelay the longest delay between attempts on one account (default 30 seconds)
     */
    public record Lockout(
            @DefaultValue("5") @Min(1) int maxFailures,
            @DefaultValue("15m") Duration window,
            @DefaultValue("15m") Duration duration,
            @DefaultValue("10000") @Min(10) int trackedAddresses,
            @DefaultValue("30s") Duration maxDelay) {

        @ConstructorBinding
        public Lockout {
            if (maxDelay.compareTo(ThrottleCounter.FIRST_DELAY) < 0) {
                throw new IllegalArgumentException(
                        "mailward.accounts.lockout.max-delay must be at least 1s: " + maxDelay);
            }
        }

        /** Settings with the default delay cap. */
        public Lockout(int maxFailures, Duration window, Duration duration, int trackedAddresses) {
            this(maxFailures, window, duration, trackedAddresses, Duration.ofSeconds(30));
        }
    }

    /**
     * How long a console session lasts (sessions live in PostgreSQL and are shared by every console on the
     * database). API tokens have no session and are not concerned.
     *
     * @param idleTimeout a session unused for this long ends (default 8 hours)
     * @param absoluteTimeout a session ends this long after its sign-in, however busy (default 24 hours);
     *     at least the idle timeout
     */
    public record Session(
            @DefaultValue("8h") Duration idleTimeout,
            @DefaultValue("24h") Duration absoluteTimeout) {

        @ConstructorBinding
        public Session {
            if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException(
                        "mailward.accounts.session.idle-timeout must be at least 1m: " + idleTimeout);
            }
            if (absoluteTimeout.compareTo(idleTimeout) < 0) {
                throw new IllegalArgumentException("mailward.accounts.session.absolute-timeout (" + absoluteTimeout
                        + ") must not be shorter than the idle timeout (" + idleTimeout + ")");
            }
        }
    }
}
