package dev.mailward.checks;

import dev.mailward.probe.ConfiguredEndpoint;
import dev.mailward.probe.TargetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of one run of the engine, the same for the console, the scheduler and the CLI.
 *
 * @param dkimSelectors selectors configured for the domain (tried before the common ones)
 * @param targetPolicy which addresses may be contacted (HTTPS for MTA-STS, SMTP/IMAP probes)
 * @param caBundle PEM file of trusted CAs for HTTPS and certificate checks; empty = the JDK's
 * @param checkTimeout deadline of one check (all its DNS and network work together)
 * @param maxQueriesPerCheck DNS budget of one check
 * @param dnsblZones DNSBL zones queried by the blocklist check; empty disables it
 * @param probe whether mail server probes (SMTP/IMAP/POP3/Sieve/TLS) run
 * @param endpoints extra endpoints to probe (operator-configured, CLI {@code --endpoint}), typed; an
 *     {@link ConfiguredEndpoint.Unreadable} text is reported as an {@code ERROR} of the {@code endpoints} result
 * @param ehloName the name the prober announces in EHLO
 * @param mailFrom the envelope sender of the open-relay test, e.g. {@code probe@scanner.example}
 * @param relayTestRecipient the unrelated recipient of the open-relay test
 */
public record CheckOptions(
        List<String> dkimSelectors,
        TargetPolicy targetPolicy,
        Optional<Path> caBundle,
        Duration checkTimeout,
        int maxQueriesPerCheck,
        List<String> dnsblZones,
        boolean probe,
        List<ConfiguredEndpoint> endpoints,
        String ehloName,
        String mailFrom,
        String relayTestRecipient) {

    public CheckOptions {
        dkimSelectors = List.copyOf(dkimSelectors);
        dnsblZones = List.copyOf(dnsblZones);
        endpoints = List.copyOf(endpoints);
    }

    /** Defaults: strict target policy, JDK CAs, 30 s per check, 60 queries, no DNSBL, no probes. */
    public static CheckOptions defaults() {
        return new CheckOptions(
                List.of(),
                TargetPolicy.strict(),
                Optional.empty(),
                Duration.ofSeconds(30),
                60,
                List.of(),
                false,
                List.of(),
                "mailward.invalid",
                "probe@mailward.invalid",
                "relay-test@relay-test.mailward.invalid");
    }

    public CheckOptions withDkimSelectors(List<String> selectors) {
        return new CheckOptions(
                selectors,
                targetPolicy,
                caBundle,
                checkTimeout,
                maxQueriesPerCheck,
                dnsblZones,
                probe,
                endpoints,
                ehloName,
                mailFrom,
                relayTestRecipient);
    }

    public CheckOptions withTargetPolicy(TargetPolicy policy) {
        return new CheckOptions(
                dkimSelectors,
                policy,
                caBundle,
                checkTimeout,
                maxQueriesPerCheck,
                dnsblZones,
                probe,
                endpoints,
                ehloName,
                mailFrom,
                relayTestRecipient);
    }

    public CheckOptions withCaBundle(Path pem) {
        return new CheckOptions(
                dkimSelectors,
                targetPolicy,
                Optional.of(pem),
                checkTimeout,
                maxQueriesPerCheck,
                dnsblZones,
                probe,
                endpoints,
                ehloName,
                mailFrom,
                relayTestRecipient);
    }

    public CheckOptions withCheckTimeout(Duration timeout) {
        return new CheckOptions(
                dkimSelectors,
                targetPolicy,
                caBundle,
                timeout,
                maxQueriesPerCheck,
                dnsblZones,
                probe,
                endpoints,
                ehloName,
                mailFrom,
                relayTestRecipient);
    }

    public CheckOptions withDnsblZones(List<String> zones) {
        return new CheckOptions(
                dkimSelectors,
                targetPolicy,
                caBundle,
                checkTimeout,
                maxQueriesPerCheck,
                zones,
                probe,
                endpoints,
                ehloName,
                mailFrom,
                relayTestRecipient);
    }

    public CheckOptions withProbe(boolean enabled, List<? extends ConfiguredEndpoint> extraEndpoints) {
        return new CheckOptions(
                dkimSelectors,
                targetPolicy,
                caBundle,
                checkTimeout,
                maxQueriesPerCheck,
                dnsblZones,
                enabled,
                List.copyOf(extraEndpoints),
                ehloName,
                mailFrom,
                relayTestRecipient);
    }
}
