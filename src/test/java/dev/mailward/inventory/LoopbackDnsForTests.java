package dev.mailward.inventory;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Test contexts never ask the machine's resolver: unless a test points {@code mailward.dns.*} at
 * its own loopback server, names are sent to a closed loopback port and fail fast. Added last, so
 * every test's own settings win.
 */
public class LoopbackDnsForTests implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "loopbackDnsForTests",
                        Map.of(
                                "mailward.dns.resolvers", "127.0.0.1:9",
                                "mailward.dns.timeout", "200ms",
                                "mailward.dns.retries", "0",
                                "mailward.dns.dnssec-mode", "TRUST_AD")));
    }
}
