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
 */
@Validated
@ConfigurationProperties(prefix = "mailward.accounts")
public record AccountsProperties(String adminPassword, @Valid @DefaultValue Lockout lockout,
        @DefaultValue("5s") Duration scopeCacheTtl) {

    @ConstructorBinding
    public AccountsProperties {
        if (scopeCacheTtl.isNegative()) {
            throw new IllegalArgumentException("mailward.accounts.scope-cache-ttl must not be negative: " + scopeCacheTtl);
        }
    }

    /** Settings with the default scope cache. */
    public AccountsProperties(String adminPassword, Lockout lockout) {
        this(adminPassword, lockout, Duration.ofSeconds(5));
    }

    /**
     * Login throttling: after {@code maxFailures} failed logins within {@code window}, for one
     * account or from one client address, further attempts are refused for {@code duration}.
     *
     * @param maxFailures failures that trigger a lock (default 5)
     * @param window period in which failures are counted (default 15 minutes)
     * @param duration how long the lock lasts (default 15 minutes)
     * @param trackedAddresses how many client addresses are remembered in memory (default 10000;
     *     the oldest are forgotten first)
     */
    public record Lockout(
            @DefaultValue("5") @Min(1) int maxFailures,
            @DefaultValue("15m") Duration window,
            @DefaultValue("15m") Duration duration,
            @DefaultValue("10000") @Min(10) int trackedAddresses) {
    }
}
