package dev.mailward.checks.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code mailward.checks.*} as the console binds it: the per-check DNS budget is one setting with a deprecated alias. */
class ChecksPropertiesTests {

    private static ChecksProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("mailward.checks", ChecksProperties.class);
    }

    @Test
    void thePerCheckDnsBudgetIsTheResolverSetting() {
        assertThat(bind(Map.of()).toOptions(77).maxQueriesPerCheck()).isEqualTo(77);
    }

    @Test
    void theDeprecatedChecksAliasStillSetsTheBudget() {
        ChecksProperties p = bind(Map.of("mailward.checks.max-queries-per-check", "42"));

        assertThat(p.toOptions(77).maxQueriesPerCheck()).isEqualTo(42);
    }
}
