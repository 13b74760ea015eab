package dev.mailward.notifications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the notifications ({@code mailward.notifications.*}). The mail server itself is Spring Boot's
 * {@code spring.mail.*}; links point at {@code mailward.public-url}.
 *
 * @param from sender address of the e-mails (default {@code mailward@localhost})
 * @param deliveryEnabled whether this console sends due deliveries (default true; events are written either way)
 * @param pollInterval how often the dispatcher looks for due deliveries (default 5s)
 * @param batchSize most deliveries one poll sends (default 50)
 * @param firstRetry delay before the first retry; each further one doubles it (default 1m)
 * @param maxRetryDelay longest delay between two attempts (default 2h)
 * @param retryFor how long a delivery is retried before it is dead-lettered (default 25h: a receiver down for a
 *     day still gets its messages)
 * @param webhookTimeout connect and read timeout of a webhook, and the bound of the whole exchange (default 5s)
 * @param certificateDays thresholds of the certificate expiry alert, in days (default 21, 7, 1)
 * @param rrsigDays days before the earliest expiry of the signatures (RRSIG) of a domain's zone it is announced
 *     (default 7)
 * @param exceptionDays days before an exception's expiry it is announced (default 7)
 * @param errorScans scans in a row a domain must be ERROR before it is announced (default 3)
 * @param renotifyAfter how long a condition that stays bad waits before it is announced again (default 7 days)
 * @param ratePerHour most messages a channel sends per hour; the rest become one summary (default 20)
 * @param sweepInterval how often expiries and error streaks are looked for (default 1h)
 * @param digestHour hour of the day (UTC) the daily digests are sent (default 7)
 * @param secretKey base64 AES key (32 bytes) that encrypts webhook secrets; set it from the environment and
 *     share it between replicas; empty = a key file {@code secretKeyFile}, generated on first use
 * @param secretKeyFile where the generated key lives (unset: {@code <mailward.data-dir>/notifications.key})
 * @param reports when what the DMARC and TLS reports say is announced ({@code mailward.notifications.reports.*})
 */
@Validated
@ConfigurationProperties(prefix = "mailward.notifications")
public record NotificationsProperties(
        @DefaultValue("mailward@localhost") String from,
        @DefaultValue("true") boolean deliveryEnabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("1m") Duration firstRetry,
        @DefaultValue("2h") Duration maxRetryDelay,
        @DefaultValue("25h") Duration retryFor,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue({"21", "7", "1"}) List<Integer> certificateDays,
        @DefaultValue("7") @Min(1) @Max(365) int rrsigDays,
        @DefaultValue("7") @Min(1) @Max(365) int exceptionDays,
        @DefaultValue("3") @Min(1) @Max(100) int errorScans,
        @DefaultValue("7d") Duration renotifyAfter,
        @DefaultValue("20") @Min(1) @Max(10000) int ratePerHour,
        @DefaultValue("1h") Duration sweepInterval,
        @DefaultValue("7") @Min(0) @Max(23) int digestHour,
        @DefaultValue("") String secretKey,
        Path secretKeyFile,
        @DefaultValue @Valid ReportAlerts reports) {

    /**
     * When the sweep announces a drop in a domain's DMARC pass rate or a rise in its TLS failures. The recent
     * days end yesterday (UTC; reports cover whole days and arrive the day after); the baseline is the days
     * before them.
     *
     * @param recentDays days compared, ending yesterday (default 7)
     * @param baselineDays days before them they are compared with (default 30)
     * @param dmarcDropPoints percentage points the recent pass rate must be below the baseline's (default 10)
     * @param minMessages DMARC messages the recent days and the baseline must each have (default 100)
     * @param tlsFailedPercent share of failed TLS sessions in the recent days, in percent, above which it is
     *     announced (default 5)
     * @param minSessions TLS sessions the recent days must have for the share to count (default 100)
     */
    public record ReportAlerts(
            @DefaultValue("7") @Min(1) @Max(90) int recentDays,
            @DefaultValue("30") @Min(1) @Max(300) int baselineDays,
            @DefaultValue("10") @Min(1) @Max(100) int dmarcDropPoints,
            @DefaultValue("100") @Min(1) long minMessages,
            @DefaultValue("5") @Min(0) @Max(100) int tlsFailedPercent,
            @DefaultValue("100") @Min(1) long minSessions) {}

    public NotificationsProperties {
        reports = reports == null ? new ReportAlerts(7, 30, 10, 100, 5, 100) : reports;
        certificateDays = certificateDays == null || certificateDays.isEmpty()
                ? List.of(21, 7, 1)
                : certificateDays.stream().sorted((a, b) -> b - a).toList();
    }

    /** The delay before attempt {@code attempts + 1}: {@link #firstRetry} doubled per attempt, at most {@link #maxRetryDelay}. */
    public Duration backoff(int attempts) {
        Duration d = firstRetry;
        for (int i = 1; i < attempts && d.compareTo(maxRetryDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }
}
