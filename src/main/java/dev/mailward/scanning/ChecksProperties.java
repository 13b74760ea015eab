package dev.mailward.scanning;

import dev.mailward.checks.CheckOptions;
import dev.mailward.probe.TargetPolicy;
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
 * Settings of the check engine as the console runs it ({@code mailward.checks.*}); the CLI has
 * the same ones as options.
 *
 * @param checkTimeout deadline of one check (default 30s)
 * @param concurrency checks running at once across all scans (default 16)
 * @param maxQueriesPerCheck DNS budget of one check (default 60)
 * @param dnsblZones DNSBL zones for the blocklist check (default none: the check is off)
 * @param allowTargets CIDR ranges the probes may contact although special-purpose (default none)
 * @param caBundle PEM file of trusted CAs (default: the JDK's)
 * @param ehloName name announced in EHLO by the probes (default mailward.invalid)
 * @param probe whether mail server probes run (default false)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.checks")
public record ChecksProperties(
        @DefaultValue("30s") Duration checkTimeout,
        @DefaultValue("16") @Min(1) @Max(256) int concurrency,
        @DefaultValue("60") @Min(1) @Max(1000) int maxQueriesPerCheck,
        @DefaultValue("") List<String> dnsblZones,
        @DefaultValue("") List<String> allowTargets,
        Optional<Path> caBundle,
        @DefaultValue("mailward.invalid") String ehloName,
        @DefaultValue("false") boolean probe) {

    public ChecksProperties {
        dnsblZones = dnsblZones == null ? List.of() : dnsblZones.stream().filter(s -> !s.isBlank()).toList();
        allowTargets = allowTargets == null ? List.of() : allowTargets.stream().filter(s -> !s.isBlank()).toList();
        caBundle = caBundle == null ? Optional.empty() : caBundle;
    }

    /** The engine options these settings describe (without per-domain DKIM selectors). */
    public CheckOptions toOptions() {
        CheckOptions d = CheckOptions.defaults();
        TargetPolicy policy = allowTargets.isEmpty() ? TargetPolicy.strict() : TargetPolicy.allowing(allowTargets);
        return new CheckOptions(List.of(), policy, caBundle, checkTimeout, maxQueriesPerCheck, dnsblZones, probe,
                List.of(), ehloName, d.mailFrom(), d.relayTestRecipient());
    }
}
