package dev.mailward.checks.config;

import dev.mailward.checks.CheckOptions;
import dev.mailward.probe.SessionLimits;
import dev.mailward.probe.TargetPolicy;
import jakarta.validation.Valid;
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
 * Settings of the check engine as the console runs it ({@code mailward.checks.*}), bound beside the
 * engine they configure and turned into {@link CheckOptions} and the runner by {@code EngineConfiguration};
 * the CLI has the same ones as options. Scanning reads the probe settings of its cycles from
 * {@link #probe()}.
 *
 * @param checkTimeout deadline of one check (default 30s)
 * @param concurrency checks running at once across all scans (default 16)
 * @param maxQueriesPerCheck deprecated alias of {@code mailward.dns.max-queries-per-check}, the one
 *     setting of the DNS budget of one check; when set it still wins, as it did when the console read
 *     only this one (null = not set)
 * @param dnsblZones DNSBL zones for the blocklist check (default none: the check is off)
 * @param allowTargets CIDR ranges the probes and HTTPS fetches may contact although special-purpose
 *     (loopback, private, documentation ranges; default none); an IPv4 range also allows the IPv6
 *     forms that carry its addresses (NAT64, 6to4, …), see {@link TargetPolicy}
 * @param caBundle PEM file of trusted CAs for certificate checks and HTTPS; null = the JDK's (default)
 * @param ehloName name announced in EHLO by the probes (default mailward.invalid)
 * @param probe the mail server probes ({@code mailward.checks.probe.*})
 */
@Validated
@ConfigurationProperties(prefix = "mailward.checks")
public record ChecksProperties(
        @DefaultValue("30s") Duration checkTimeout,
        @DefaultValue("16") @Min(1) @Max(256) int concurrency,
        @Min(1) @Max(1000) Integer maxQueriesPerCheck,
        @DefaultValue("") List<String> dnsblZones,
        @DefaultValue("") List<String> allowTargets,
        Path caBundle,
        @DefaultValue("mailward.invalid") String ehloName,
        @DefaultValue @Valid Probe probe) {

    public ChecksProperties {
        dnsblZones = dnsblZones == null
                ? List.of()
                : dnsblZones.stream().filter(s -> !s.isBlank()).toList();
        allowTargets = allowTargets == null
                ? List.of()
                : allowTargets.stream().filter(s -> !s.isBlank()).toList();
        probe = probe == null
                ? new Probe(true, 1, Duration.ofHours(1), 25, Duration.ofSeconds(10), Duration.ofSeconds(20), true)
                : probe;
    }

    /**
     * The mail server probes of scans ({@code mailward.checks.probe.*}): SMTP/IMAP/POP3/ManageSieve
     * sessions with MX, SRV and operator-configured endpoints, TLS analysis and DANE.
     *
     * @param enabled whether scans probe mail servers (default true)
     * @param connectionsPerAddress sessions to one destination address at once, across all scans of
     *     this console instance (politeness; default 1)
     * @param cycle how long the scheduler's scans reuse one observation of a mail server: a host
     *     serving many domains is probed once per cycle and its result fanned out to every domain
     *     scanned in that time (default 1h). A "scan now" is its own cycle.
     * @param mxPort the port MX hosts are probed on; 25 except in labs and tests (the TLSA name
     *     stays {@code _25._tcp})
     * @param connectTimeout TCP connect timeout of one session (default 10s)
     * @param readTimeout how long a server may stay silent within a session (default 20s)
     * @param tlsVersions whether each TLS version is tried in its own short session (default true)
     */
    public record Probe(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1") @Min(1) @Max(16) int connectionsPerAddress,
            @DefaultValue("1h") Duration cycle,
            @DefaultValue("25") @Min(1) @Max(65535) int mxPort,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("20s") Duration readTimeout,
            @DefaultValue("true") boolean tlsVersions) {

        public Probe {
            if (cycle == null || cycle.isNegative() || cycle.isZero()) {
                throw new IllegalArgumentException("mailward.checks.probe.cycle must be positive, not " + cycle);
            }
        }

        /** The session bounds these settings describe. */
        public SessionLimits limits() {
            return SessionLimits.defaults().withTimeouts(connectTimeout, readTimeout);
        }
    }

    /**
     * The engine options these settings describe (without per-domain DKIM selectors and endpoints).
     *
     * @param dnsMaxQueriesPerCheck the DNS budget of one check, {@code mailward.dns.max-queries-per-check};
     *     the deprecated {@code mailward.checks.max-queries-per-check} wins when it is set
     */
    public CheckOptions toOptions(int dnsMaxQueriesPerCheck) {
        CheckOptions d = CheckOptions.defaults();
        TargetPolicy policy = allowTargets.isEmpty() ? TargetPolicy.strict() : TargetPolicy.allowing(allowTargets);
        int budget = maxQueriesPerCheck == null ? dnsMaxQueriesPerCheck : maxQueriesPerCheck;
        return new CheckOptions(
                List.of(),
                policy,
                Optional.ofNullable(caBundle),
                checkTimeout,
                budget,
                dnsblZones,
                probe.enabled(),
                List.of(),
                ehloName,
                d.mailFrom(),
                d.relayTestRecipient());
    }
}
