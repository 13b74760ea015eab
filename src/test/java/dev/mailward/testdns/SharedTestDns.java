package dev.mailward.testdns;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The loopback DNS server of the shared integration-test context ({@code dev.mailward.MailwardIntegrationTest}):
 * started once per JVM on first use and never stopped, so that its port, and with it the context's settings,
 * stay the same for every test class. Tests add their own zones under unique names and leave the others alone.
 */
public final class SharedTestDns {

    /** The server; names in no loaded zone are answered REFUSED. */
    public static final TestDnsServer SERVER = TestDnsServer.start();

    private SharedTestDns() {}

    /**
     * Points {@code mailward.dns.resolvers} at {@link #SERVER}. An initializer rather than a
     * {@code @DynamicPropertySource}: it is one class for every test class, so the context cache key stays
     * the same, and the port is known before the context starts.
     */
    public static final class Resolver implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "sharedTestDns", Map.of("mailward.dns.resolvers", "127.0.0.1:" + SERVER.port())));
        }
    }
}
