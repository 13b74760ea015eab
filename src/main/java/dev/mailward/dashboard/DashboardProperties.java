package dev.mailward.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dashboards ({@code mailward.dashboard.*}).
 *
 * @param refreshEnabled whether this instance refreshes the read model in the background (default true)
 * @param refreshInterval how often it looks for domains whose results are newer than their score (default 30s)
 * @param trendDays how many days the fleet trend and a domain's score history show (default 30)
 * @param summaryTtl how long the portfolio's fleet-wide figures are reused for the same scope (default 30s; 0
 *     computes them for every page)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.dashboard")
public record DashboardProperties(
        @DefaultValue("true") boolean refreshEnabled,
        @DefaultValue("30s") Duration refreshInterval,
        @DefaultValue("30") int trendDays,
        @DefaultValue("30s") Duration summaryTtl) {

    public DashboardProperties {
        if (trendDays < 1 || trendDays > 400) {
            throw new IllegalArgumentException("mailward.dashboard.trend-days must be 1..400: " + trendDays);
        }
        if (summaryTtl.isNegative()) {
            throw new IllegalArgumentException("mailward.dashboard.summary-ttl must not be negative: " + summaryTtl);
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException(
                    "mailward.dashboard.refresh-interval must be positive: " + refreshInterval);
        }
    }
}
