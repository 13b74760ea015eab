package dev.mailward.dns.config;

import dev.mailward.dns.DnsSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's resolver settings ({@code mailward.dns.*}), bound beside the library they configure and
 * turned into {@link DnsSettings}.
 *
 * @param resolvers {@code host:port} of the resolvers, in order; empty for the system's
 * @param timeout per-try timeout (default 2s)
 * @param retries extra tries after a timeout (default 1)
 * @param dnssecMode {@code VALIDATE} (local validation, default) or {@code TRUST_AD}
 * @param trustAnchors zone file with DS/DNSKEY trust anchors; empty for the IANA root anchors
 * @param cacheMaxEntries answer cache bound (default 100000, 0 disables)
 * @param maxCnameChain longest CNAME chain followed (default 8)
 * @param maxResponseBytes largest response accepted (default 65535)
 * @param maxQueriesPerCheck query budget of one check (default 60): the one setting of this budget; the
 *     console's checks use it ({@code mailward.checks.max-queries-per-check} is its deprecated alias)
 * @param maxQueriesPerDomain query budget of all checks of one domain (default 400)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.dns")
record DnsProperties(
        @DefaultValue List<String> resolvers,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("1") @Min(0) @Max(5) int retries,
        @DefaultValue("VALIDATE") DnsSettings.DnssecMode dnssecMode,
        Path trustAnchors,
        @DefaultValue("100000") @Min(0) int cacheMaxEntries,
        @DefaultValue("8") @Min(1) @Max(32) int maxCnameChain,
        @DefaultValue("65535") @Min(512) @Max(65535) int maxResponseBytes,
        @DefaultValue("60") @Min(1) @Max(1000) int maxQueriesPerCheck,
        @DefaultValue("400") @Min(1) int maxQueriesPerDomain) {

    /** The library's settings; a malformed resolver address fails the start with its value named. */
    DnsSettings toSettings() {
        return new DnsSettings(
                resolvers.stream()
                        .filter(s -> !s.isBlank())
                        .map(DnsSettings::parseServer)
                        .toList(),
                timeout,
                retries,
                dnssecMode,
                Optional.ofNullable(trustAnchors),
                cacheMaxEntries,
                maxCnameChain,
                maxResponseBytes,
                maxQueriesPerCheck,
                maxQueriesPerDomain);
    }
}
