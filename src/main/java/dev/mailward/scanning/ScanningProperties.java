package dev.mailward.scanning;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of scanning ({@code mailward.scanning.*}).
 *
 * @param schedulerEnabled whether this console instance executes scans (default true; every
 *     instance may, they share the work through the database)
 * @param threads scans this instance runs at once (default 4)
 * @param pollInterval how often the scheduler looks for due scans (default 2s)
 * @param heartbeatInterval how often a running scan proves it is alive; a scan of a crashed
 *     instance is resumed after four missed heartbeats (default 30s)
 * @param jitter share of the interval by which each next run is moved at random, so that domains
 *     added together do not stay in step (default 0.1 = ±10 %)
 * @param retryDelay when a scan that failed to complete is tried again (default 5m)
 * @param retention how long history, changes and scan runs are kept (default 400d)
 * @param confirmRegressions whether a result that got worse is checked once more before it is
 *     reported (default true)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.scanning")
public record ScanningProperties(
        @DefaultValue("true") boolean schedulerEnabled,
        @DefaultValue("4") @Min(1) @Max(64) int threads,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("30s") Duration heartbeatInterval,

        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("0.5")
        double jitter,

        @DefaultValue("5m") Duration retryDelay,
        @DefaultValue("400d") Duration retention,
        @DefaultValue("true") boolean confirmRegressions) {}
