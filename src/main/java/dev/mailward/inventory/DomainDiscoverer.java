package dev.mailward.inventory;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DomainName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs discovery for one stored domain and records what it found: mail servers (one row per host
 * name and team, reused across domains), their addresses and endpoints, and the domain's links to
 * them. A DNS failure keeps the servers known from the last successful run.
 */
@Component
class DomainDiscoverer {

    private static final Logger log = LoggerFactory.getLogger(DomainDiscoverer.class);

    private final DomainStore domains;
    private final ServerStore servers;
    private final Dns dns;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    DomainDiscoverer(
            DomainStore domains,
            ServerStore servers,
            Dns dns,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.domains = domains;
        this.servers = servers;
        this.dns = dns;
        this.tx = tx;
        this.events = events;
    }

    /** Discovers and records; returns the final status, empty when the domain no longer exists. */
    Optional<DiscoveryStatus> discover(long domainId) {
        Optional<DomainStore.Row> found = domains.find(domainId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DomainStore.Row row = found.get();
        domains.markDiscovery(domainId, DiscoveryStatus.RUNNING);
        DiscoveredServers.Outcome outcome;
        try {
            outcome = DiscoveredServers.discover(dns, new DomainName(row.aLabel()));
        } catch (RuntimeException e) {
            // discovery must never leave a domain RUNNING forever
            log.warn("Discovery of {} failed unexpectedly", row.aLabel(), e);
            outcome = new DiscoveredServers.Outcome(
                    DiscoveryStatus.FAILED,
                    List.of(),
                    List.of("Discovery failed: " + e.getClass().getSimpleName()));
        }
        DiscoveredServers.Outcome result = outcome;
        return Optional.ofNullable(tx.execute(status -> {
            if (domains.find(domainId).isEmpty()) {
                return null;
            }
            List<Long> serverIds = new ArrayList<>();
            if (result.status() != DiscoveryStatus.FAILED) {
                servers.clearLinks(domainId);
                Set<Long> seen = new LinkedHashSet<>();
                for (DiscoveredServers.Host h : result.hosts()) {
                    long serverId = servers.upsert(row.teamId(), h.hostname(), true);
                    if (h.addressesKnown()) {
                        servers.replaceAddresses(serverId, h.addresses());
                    }
                    servers.addEndpoint(serverId, h.role(), h.port(), EndpointSource.DISCOVERED);
                    servers.link(domainId, serverId, h.role(), h.preference());
                    if (seen.add(serverId)) {
                        serverIds.add(serverId);
                    }
                }
            }
            domains.finishDiscovery(domainId, result.status(), result.nullMx(), result.message());
            events.publishEvent(new MailServersDiscovered(domainId, row.aLabel(), result.status(), serverIds));
            log.info("Discovery of {}: {} ({} servers)", row.aLabel(), result.status(), serverIds.size());
            return result.status();
        }));
    }
}
