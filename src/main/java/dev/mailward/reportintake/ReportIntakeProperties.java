package dev.mailward.reportintake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the report intake ({@code mailward.reports.intake.*}), the one binder of that prefix: the upload's
 * sizes, the polled IMAP mailbox, the open TLS-RPT endpoint, how long reports are kept, how often held reports are
 * attached, and the analysis of their sources. The container's multipart limits ({@code spring.servlet.multipart.*})
 * follow {@code max-file-size} and {@code max-request-size} (application.properties), since report files are the
 * largest uploads of the console; the other uploads check their own, smaller limits. A bad value fails start-up
 * with a message naming the property.
 *
 * @param maxFileSize largest file of an upload or API request (default 10 MB; a compressed report of 5 MB fits)
 * @param maxRequestSize largest upload or API request, all files together (default 40 MB)
 * @param maxFiles files per upload or API request at most (default 20)
 * @param imap the mailbox that {@code rua=mailto:} points to, polled on a schedule
 * @param tlsrpt the open endpoint {@code POST /tlsrpt} for TLS-RPT's {@code rua=https:}
 * @param retention how long received reports and rejected files are kept (default 400 days; {@link ReportRetention})
 * @param retentionInterval how often this instance runs the retention purge (default 6 h)
 * @param attachInterval how often held reports are attached to domains onboarded since (default 5 min;
 *     {@link HeldReportAttachment})
 * @param asnDatabase an offline IP-to-ASN file in the iptoasn.com TSV format ({@code ip2asn-v4.tsv},
 *     {@code ip2asn-combined.tsv}); none: the AS and country columns are hidden
 * @param asnMaxRanges the most ranges read from that file (default 2,000,000; the combined file has ~700,000)
 * @param knownForwarders organisations (registrable domains of a source's PTR name, or a suffix of it) known
 *     to forward mail or run mailing lists: their DMARC failures count as forwarding, not spoofing
 * @param ptrTtl how long a resolved PTR name is kept (default 7 days; a failed lookup: an hour)
 * @param ptrPerView the most uncached sources resolved while a page or a summary is made (default 20)
 * @param ptrViewDeadline how long a page or summary waits for those lookups at most (default 3 s)
 * @param ptrPerImport the most source addresses of one import resolved in the background (default 500)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.reports.intake")
public record ReportIntakeProperties(
        @DefaultValue("10MB") @NotNull DataSize maxFileSize,
        @DefaultValue("40MB") @NotNull DataSize maxRequestSize,
        @DefaultValue("20") @Min(1) @Max(200) int maxFiles,
        @Valid @DefaultValue Imap imap,
        @Valid @DefaultValue TlsRpt tlsrpt,
        @DefaultValue("400d") @NotNull Duration retention,
        @DefaultValue("6h") @NotNull Duration retentionInterval,
        @DefaultValue("5m") @NotNull Duration attachInterval,
        Path asnDatabase,
        @DefaultValue("2000000") @Min(1) @Max(10000000) int asnMaxRanges,

        @DefaultValue({
            "google.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "yahoo.com",
            "yahoodns.net",
            "icloud.com",
            "messagingengine.com",
            "pobox.com",
            "groups.io",
            "gmx.net",
            "web.de"
        })
        List<String> knownForwarders,

        @DefaultValue("7d") Duration ptrTtl,
        @DefaultValue("20") @Min(0) @Max(500) int ptrPerView,
        @DefaultValue("3s") Duration ptrViewDeadline,
        @DefaultValue("500") @Min(0) @Max(10000) int ptrPerImport) {

    public ReportIntakeProperties {
        knownForwarders = knownForwarders == null ? List.of() : List.copyOf(knownForwarders);
    }

    /** The retention and its purge's interval are positive durations. */
    @AssertTrue(
            message = "mailward.reports.intake.retention and retention-interval must be positive durations (e.g."
                    + " 400d, 6h)")
    public boolean isRetentionPositive() {
        return positive(retention) && positive(retentionInterval);
    }

    /** Held reports are attached at a positive interval. */
    @AssertTrue(message = "mailward.reports.intake.attach-interval must be a positive duration (e.g. 5m)")
    public boolean isAttachIntervalPositive() {
        return positive(attachInterval);
    }

    private static boolean positive(Duration d) {
        return d == null || d.isPositive();
    }

    /** How the poller secures the IMAP connection; there is no plaintext mode. */
    public enum Security {
        /** TLS from the first byte ({@code imaps}, port 993). */
        IMPLICIT_TLS,
        /** Plain connection upgraded with {@code STARTTLS} before login; a server without it is refused. */
        STARTTLS
    }

    /**
     * The IMAP mailbox. Every message in {@code folder} is read as one report file (like an {@code .eml} upload)
     * and then moved, never deleted: to {@code processedFolder}, or to {@code failedFolder} when nothing in it
     * could be read. Folders are created when absent; {@code /} separates levels whatever the server's separator.
     *
     * @param enabled poll the mailbox (default false)
     * @param host the IMAP server's name
     * @param port its port; 0 (default) = 993 for implicit TLS, 143 for STARTTLS
     * @param security {@code IMPLICIT_TLS} (default) or {@code STARTTLS}; the certificate and its name are checked
     * @param user the login
     * @param password the password (from the environment, e.g. {@code MAILWARD_REPORTS_INTAKE_IMAP_PASSWORD})
     * @param folder where reports arrive (default {@code INBOX})
     * @param processedFolder where read messages go (default {@code Mailward/Processed})
     * @param failedFolder where messages with no readable report go (default {@code Mailward/Failed})
     * @param pollInterval time between two polls (default 5 minutes)
     * @param maxMessages messages read per poll at most; the rest wait for the next (default 50)
     * @param maxMessageSize larger messages are not read: moved to the failed folder and kept aside with the
     *     reason (default 25 MB)
     * @param connectTimeout to connect (default 10 s)
     * @param timeout for each read and write on the connection (default 30 s)
     * @param caBundle PEM file of trusted CAs for a private server; empty = the JDK's (default)
     */
    public record Imap(
            @DefaultValue("false") boolean enabled,
            String host,
            @DefaultValue("0") @Min(0) @Max(65535) int port,
            @DefaultValue("IMPLICIT_TLS") @NotNull Security security,
            String user,
            String password,
            @DefaultValue("INBOX") @NotBlank String folder,
            @DefaultValue("Mailward/Processed") @NotBlank String processedFolder,
            @DefaultValue("Mailward/Failed") @NotBlank String failedFolder,
            @DefaultValue("5m") @NotNull Duration pollInterval,
            @DefaultValue("50") @Min(1) @Max(10000) int maxMessages,
            @DefaultValue("25MB") @NotNull DataSize maxMessageSize,
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration timeout,
            Path caBundle) {

        /** The port to connect to: the configured one, or the security's usual one. */
        public int effectivePort() {
            if (port != 0) {
                return port;
            }
            return security == Security.IMPLICIT_TLS ? 993 : 143;
        }

        /** A mailbox to poll needs a server, a login and a password. */
        @AssertTrue(message = "mailward.reports.intake.imap needs host, user and password when enabled")
        public boolean isComplete() {
            return !enabled || (present(host) && present(user) && present(password));
        }

        @Override
        public String toString() {
            return "Imap[" + user + "@" + host + ":" + effectivePort() + " " + security + ", folder " + folder + "]";
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }

    /**
     * The open TLS-RPT endpoint. Requests are limited per source address by a token bucket of {@code burst}
     * requests refilled at {@code requestsPerMinute}; a request finding it empty is answered 429 with
     * {@code Retry-After}. Behind a proxy, the source address is the client's only with
     * {@code server.forward-headers-strategy=native}.
     *
     * @param enabled take reports at {@code POST /tlsrpt} (default true; false answers 404)
     * @param maxBodySize largest body as received (default 5 MB); decompressed it is bounded like every file
     * @param requestsPerMinute sustained requests per minute per source address (default 30)
     * @param burst requests one address may make at once (default 60)
     * @param trackedAddresses buckets kept in memory, least recently used forgotten first (default 10000)
     */
    public record TlsRpt(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5MB") @NotNull DataSize maxBodySize,
            @DefaultValue("30") @Min(1) int requestsPerMinute,
            @DefaultValue("60") @Min(1) int burst,
            @DefaultValue("10000") @Min(10) int trackedAddresses) {}
}
