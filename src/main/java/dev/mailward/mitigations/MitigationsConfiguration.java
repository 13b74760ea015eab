package dev.mailward.mitigations;

import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.FindingCode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The catalogue bean: the families Mailward ships (DNS, probes, configuration audit) plus the checks of every {@link CheckRegistry} bean other
 * modules publish (probe, config audit), so that their codes join the guides without a change here.
 */
@Configuration(proxyBeanMethods = false)
class MitigationsConfiguration {

    @Bean
    MitigationCatalogue mitigationCatalogue(ObjectProvider<CheckRegistry> registries) {
        Map<String, List<? extends FindingCode>> families = new LinkedHashMap<>(MitigationCatalogue.standardFamilies());
        registries
                .orderedStream()
                .forEach(r -> MitigationCatalogue.families(r.all()).forEach(families::putIfAbsent));
        return MitigationCatalogue.loadCodes(families);
    }

    @Bean
    GuideService guideService(MitigationCatalogue catalogue) {
        return new GuideService(catalogue, Clock.systemUTC());
    }
}
