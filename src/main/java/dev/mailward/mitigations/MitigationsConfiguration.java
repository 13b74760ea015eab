package dev.mailward.mitigations;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The catalogue bean: the DNS check families plus the checks of every {@link CheckRegistry} bean other
 * modules publish (probe, config audit), so that their codes join the guides without a change here.
 */
@Configuration(proxyBeanMethods = false)
class MitigationsConfiguration {

    @Bean
    MitigationCatalogue mitigationCatalogue(ObjectProvider<CheckRegistry> registries) {
        Map<String, Check> checks = new LinkedHashMap<>();
        CheckRegistry.dnsChecks().all().forEach(c -> checks.put(c.id(), c));
        registries.orderedStream().forEach(r -> r.all().forEach(c -> checks.putIfAbsent(c.id(), c)));
        return MitigationCatalogue.load(checks.values());
    }

    @Bean
    GuideService guideService(MitigationCatalogue catalogue) {
        return new GuideService(catalogue, Clock.systemUTC());
    }
}
