package dev.mailward.accounts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the token-authenticated REST API ({@code mailward.api.*}).
 *
 * @param tokens limits of personal API tokens
 * @param rateLimit requests per token: a token bucket refilled at {@code requestsPerSecond}
 *     holding at most {@code burst} requests; a request finding it empty is answered 429
 */
@Validated
@ConfigurationProperties(prefix = "mailward.api")
public record ApiProperties(
        @Valid @DefaultValue Tokens tokens,
        @Valid @DefaultValue RateLimit rateLimit) {

    /**
     * @param maxLifetimeDays longest validity a token may be given, in days (default 365)
     * @param maxPerUser active (neither revoked nor expired) tokens one user may hold (default 25)
     */
    public record Tokens(
            @DefaultValue("365") @Min(1) @Max(3650) int maxLifetimeDays,
            @DefaultValue("25") @Min(1) @Max(1000) int maxPerUser) {}

    /**
     * @param requestsPerSecond sustained requests per second per token (default 20)
     * @param burst requests a token may make at once after being idle (default 60)
     * @param trackedTokens buckets kept in memory; the least recently used are forgotten first
     *     (default 10000)
     */
    public record RateLimit(
            @DefaultValue("20") @DecimalMin("0.01") double requestsPerSecond,
            @DefaultValue("60") @Min(1) int burst,
            @DefaultValue("10000") @Min(10) int trackedTokens) {}
}
