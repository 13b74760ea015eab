package dev.mailward.scanning;

import dev.mailward.checks.DomainObservation;
import dev.mailward.configaudit.Observations;
import dev.mailward.configaudit.ServerConfigService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a domain's scan: hands what the probes saw of each of the domain's inventory mail
 * servers (matched by host name) to the configuration correlation of {@code configaudit}, once
 * per server and probe cycle (a server serving many domains is correlated once, like it is probed
 * once). A server without an uploaded configuration is left alone by {@link ServerConfigService}.
 */
@Component
class ProbeCorrelator {

    private static final Logger log = LoggerFactory.getLogger(ProbeCorrelator.class);

    private final ServerConfigService configs;

    ProbeCorrelator(ServerConfigService configs) {
        this.configs = configs;
    }

    /**
     * The DKIM selectors the uploaded Rspamd configurations of the domain's servers sign it with,
     * so that the scan queries them and the correlation can tell whether their keys are in DNS.
     */
    List<String> rspamdSelectors(String domain, List<DomainDirectory.Server> servers) {
        List<String> out = new java.util.ArrayList<>();
        for (DomainDirectory.Server s : servers) {
            try {
                configs.dkimSelectors(s.id(), domain).stream()
                        .filter(x -> !out.contains(x))
                        .forEach(out::add);
            } catch (RuntimeException e) {
                log.warn("Reading the DKIM selectors of {} from its configuration failed", s.hostname(), e);
            }
        }
        return out;
    }

    /**
     * Correlates the servers of the domain that the scan's observation shows probed (read typed,
     * {@link ProbeObservations}); never throws.
     */
    void correlate(
            String domain,
            List<DomainDirectory.Server> servers,
            DomainObservation observation,
            ProbeCycles.Cycle cycle) {
        if (servers.isEmpty()) {
            return;
        }
        Map<String, Observations> seen = ProbeObservations.byHost(observation);
        Optional<Observations.DkimKeys> dkim = ProbeObservations.dkimKeys(observation)
                .filter(k -> !k.selectors().isEmpty());
        for (DomainDirectory.Server s : servers) {
            Observations o = seen.get(s.hostname());
            if (o == null || o.equals(Observations.none()) || !cycle.claimCorrelation(s.id())) {
                continue;
            }
            if (dkim.isPresent()) {
                o = o.withDkim(dkim.get());
            }
            try {
                configs.correlate(s.id(), o)
                        .ifPresent(upload -> log.info(
                                "Configuration of {} correlated with the probes of {}: {} contradictions",
                                s.hostname(),
                                domain,
                                upload.correlation()
                                        .map(c -> c.findings().size())
                                        .orElse(0)));
            } catch (RuntimeException e) {
                log.warn("Correlating the configuration of {} with the probes of {} failed", s.hostname(), domain, e);
            }
        }
    }
}
