package dev.mailward;

import dev.mailward.testdns.SharedTestDns;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one Spring context of the integration tests: the whole application on a random port (for the
 * browser tests and real HTTP) with {@code MockMvc}, on the JVM's shared embedded PostgreSQL, resolving
 * through the JVM's one loopback DNS server ({@link SharedTestDns}; a test serves its own zones there).
 * Spring's test context cache starts it once and hands it to every class that carries only this
 * annotation.
 *
 * <p>Settings every such class shares: the dashboard's background refresh is off (a test refreshes the
 * domains it seeded, so what a page shows does not depend on timing); DNS answers are not cached (every
 * lookup sees the zones as the test left them); the scan scheduler and mail server probes stay off, as in
 * {@code src/test/resources/config/application.properties}.
 *
 * <p>A class that adds {@code properties}, {@code @TestPropertySource}, {@code @DynamicPropertySource},
 * {@code @MockitoBean}, {@code @Import} or {@code @DirtiesContext} gets a context of its own (seconds of
 * start-up and a second set of schedulers and pools for the rest of the run): do that only to test a
 * setting, as {@code ProxyHeadersIntegrationTests} and {@code EngineConfigurationIntegrationTests} do, or
 * where the context must run scans ({@code ScanningTestSupport}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mailward.dashboard.refresh-enabled=false",
            "mailward.dns.timeout=300ms",
            "mailward.dns.retries=0",
            "mailward.dns.dnssec-mode=TRUST_AD",
            "mailward.dns.cache-max-entries=0"
        })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = SharedTestDns.Resolver.class)
public @interface MailwardIntegrationTest {}
