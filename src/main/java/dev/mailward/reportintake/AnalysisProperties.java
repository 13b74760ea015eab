package dev.mailward.reportintake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the report analysis ({@code mailward.reports.intake.*}; the IMAP and HTTPS intake settings live
 * beside them under the same prefix).
 *
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
record AnalysisProperties(
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

    AnalysisProperties {
        knownForwarders = knownForwarders == null ? List.of() : List.copyOf(knownForwarders);
    }

    /** Defaults, for tests and tools without Spring. */
    static AnalysisProperties defaults() {
        return new AnalysisProperties(
                null,
                2_000_000,
                List.of(
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
                        "web.de"),
                Duration.ofDays(7),
                20,
                Duration.ofSeconds(3),
                500);
    }
}
