package dev.mailward.inventory.internal;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one shared {@link Dns} of the console, from {@code mailward.dns.*}. The {@code dns} module
 * is a plain library; this is where the console wires it.
 */
@Configuration(proxyBeanMethods = false)
class DnsConfiguration {

    @Bean(destroyMethod = "close")
    DnsClient dns(DnsProperties properties) {
        return DnsClient.create(properties.toSettings());
    }
}
