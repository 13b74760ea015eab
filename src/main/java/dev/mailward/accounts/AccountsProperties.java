package dev.mailward.accounts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the accounts module ({@code mailward.accounts.*}).
 *
 * @param adminPassword password of the first admin created at first start (set it through the
 *     environment: {@code MAILWARD_ADMIN_PASSWORD}); when empty a random one is generated and
 *     printed once in the log
 * @param lockout login throttling
 */
@Validated
@ConfigurationProperties(prefix = "mailward.accounts")
public record AccountsProperties(String adminPassword, @Valid @DefaultValue Lockout lockout) {

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
