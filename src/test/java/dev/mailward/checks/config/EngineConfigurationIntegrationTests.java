package dev.mailward.checks.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRunner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The console's scans honour the documented DNS budgets: per domain ({@code mailward.dns.max-queries-per-domain};
 * the runner used to be built with a fixed 400 whatever the setting said) and per check
 * ({@code mailward.dns.max-queries-per-check}; the console used to read only
 * {@code mailward.checks.max-queries-per-check}, now its deprecated alias).
 */
@SpringBootTest(properties = {"mailward.dns.max-queries-per-domain=123", "mailward.dns.max-queries-per-check=77"})
class EngineConfigurationIntegrationTests {

    @Autowired
    CheckRunner runner;

    @Autowired
    CheckOptions options;

    @Test
    void theRunnersDomainBudgetIsTheResolverSetting() {
        assertThat(runner.maxQueriesPerDomain()).isEqualTo(123);
    }

    @Test
    void eachChecksBudgetIsTheResolverSetting() {
        assertThat(options.maxQueriesPerCheck()).isEqualTo(77);
    }
}
