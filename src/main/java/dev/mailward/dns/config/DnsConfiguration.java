package dev.mailward.dns.config;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one shared {@link Dns} of the console, from {@code mailward.dns.*} ({@link DnsProperties}).
 * The rest of the {@code dns} module is a plain library the CLI and tests use without Spring; this
 * package is where the console binds and wires it.
 */
@Configuration(proxyBeanMethods = false)
class DnsConfiguration {

    @Bean(destroyMethod = "close")
    DnsClient dns(DnsProperties properties) {
        return DnsClient.create(properties.toSettings());
    }
}
