package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckRunner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The console's scans honour the documented per-domain DNS budget ({@code mailward.dns.max-queries-per-domain});
 * the runner used to be built with a fixed 400 whatever the setting said.
 */
@SpringBootTest(properties = "mailward.dns.max-queries-per-domain=123")
class EngineConfigurationIntegrationTests {

    @Autowired
    CheckRunner runner;

    @Test
    void theRunnersDomainBudgetIsTheResolverSetting() {
        assertThat(runner.maxQueriesPerDomain()).isEqualTo(123);
    }
}
