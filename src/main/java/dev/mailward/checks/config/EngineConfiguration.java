package dev.mailward.checks.config;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckRunner;
import dev.mailward.dns.DnsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The check engine of the console, from {@code mailward.checks.*} ({@link ChecksProperties}) and the
 * resolver's budgets: one runner for every scan and the options every scan starts from. The rest of the
 * {@code checks} module is a plain library the CLI and tests use without Spring; this package is where
 * the console binds and wires it.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    /** The per-domain DNS budget is the resolver's setting ({@code mailward.dns.max-queries-per-domain}). */
    @Bean(destroyMethod = "close")
    CheckRunner checkRunner(DnsClient dns, ChecksProperties properties, EngineMeters meters) {
        return new CheckRunner(
                CheckRegistry.dnsChecks(),
                dns,
                properties.concurrency(),
                dns.settings().maxQueriesPerDomain(),
                meters);
    }

    /** The scans' check results and the probes, as meters; a domain label only when asked for. */
    @Bean
    EngineMeters engineMeters(@Value("${mailward.metrics.per-domain:false}") boolean perDomain) {
        return new EngineMeters(perDomain);
    }

    /**
     * The DNS budget of one check is the resolver's setting ({@code mailward.dns.max-queries-per-check}),
     * unless the deprecated {@code mailward.checks.max-queries-per-check} is set.
     */
    @Bean
    CheckOptions checkOptions(ChecksProperties properties, DnsClient dns) {
        if (properties.maxQueriesPerCheck() != null) {
            log.warn("mailward.checks.max-queries-per-check is deprecated: set mailward.dns.max-queries-per-check");
        }
        return properties.toOptions(dns.settings().maxQueriesPerCheck());
    }
}
