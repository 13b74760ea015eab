package dev.mailward.dns.config;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one shared {@link Dns} of the console, from {@code mailward.dns.*} ({@link DnsProperties}), and its
 * meter. The rest of the {@code dns} module is a plain library the CLI and tests use without Spring; this
 * package is where the console binds and wires it.
 */
@Configuration(proxyBeanMethods = false)
class DnsConfiguration {

    /** Questions sent to the resolvers, by outcome; timeouts and SERVFAILs are the outcomes of the same name. */
    static final String QUERIES = "mailward.dns.queries";

    @Bean(destroyMethod = "close")
    DnsClient dns(DnsProperties properties) {
        return DnsClient.create(properties.toSettings());
    }

    /** {@code mailward_dns_queries_total{outcome="ok|nxdomain|nodata|servfail|refused|timeout|error"}}. */
    @Bean
    MeterBinder dnsMeters(DnsClient dns) {
        return registry -> {
            for (DnsOutcome outcome : DnsOutcome.values()) {
                if (outcome == DnsOutcome.BUDGET_EXHAUSTED) {
                    continue; // refused before it was sent: never counted
                }
                FunctionCounter.builder(QUERIES, dns.statistics(), s -> s.count(outcome))
                        .description("DNS questions sent to the resolvers, by outcome")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        };
    }
}
