package dev.mailward.scanning;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckRunner;
import dev.mailward.dns.Dns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The check engine of the console, from {@code mailward.checks.*}; one runner for every scan. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean(destroyMethod = "close")
    CheckRunner checkRunner(Dns dns, ChecksProperties properties) {
        return new CheckRunner(CheckRegistry.dnsChecks(), dns, properties.concurrency());
    }

    @Bean
    CheckOptions checkOptions(ChecksProperties properties) {
        return properties.toOptions();
    }
}
