package dev.mailward.scanning;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckRunner;
import dev.mailward.dns.DnsClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The check engine of the console, from {@code mailward.checks.*} and the resolver's budget; one runner for every scan. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    /** The per-domain DNS budget is the resolver's setting ({@code mailward.dns.max-queries-per-domain}). */
    @Bean(destroyMethod = "close")
    CheckRunner checkRunner(DnsClient dns, ChecksProperties properties) {
        return new CheckRunner(CheckRegistry.dnsChecks(), dns, properties.concurrency(),
                dns.settings().maxQueriesPerDomain());
    }

    @Bean
    CheckOptions checkOptions(ChecksProperties properties) {
        return properties.toOptions();
    }
}
