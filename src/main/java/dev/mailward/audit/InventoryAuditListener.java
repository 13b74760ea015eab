package dev.mailward.audit;

import dev.mailward.accounts.CurrentUser;
import dev.mailward.inventory.DiscoveryRequested;
import dev.mailward.inventory.DomainAdded;
import dev.mailward.inventory.DomainChanged;
import dev.mailward.inventory.DomainRemoved;
import dev.mailward.inventory.DomainsImported;
import dev.mailward.inventory.EndpointAdded;
import dev.mailward.inventory.EndpointRemoved;
import dev.mailward.inventory.MailServersDiscovered;
import dev.mailward.shared.AuditableAction;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes the inventory's events into the audit log, synchronously in the transaction of the
 * change (so the entry has the request's client address and commits with the change). Each
 * entry carries the domain's team, so that the team's auditors see it.
 */
@Component
class InventoryAuditListener {

    private final AuditLog log;

    InventoryAuditListener(AuditLog log) {
        this.log = log;
    }

    @EventListener
    void on(DomainAdded e) {
        log.append(
                AuditableAction.forTeam(e.actor(), e.teamId(), "domain.added", target(e.name()), "team=" + e.teamId()));
    }

    @EventListener
    void on(DomainChanged e) {
        log.append(AuditableAction.forTeam(
                e.actor(), e.teamId(), "domain.changed", target(e.name()), "team=" + e.teamId()));
    }

    @EventListener
    void on(DomainRemoved e) {
        log.append(AuditableAction.forTeam(
                e.actor(), e.teamId(), "domain.removed", target(e.name()), "team=" + e.teamId()));
    }

    /** A user asked for discovery again; the outcome follows as {@code domain.discovered}. */
    @EventListener
    void on(DiscoveryRequested e) {
        log.append(AuditableAction.forTeam(
                e.actor(), e.teamId(), "domain.rediscover", target(e.name()), "team=" + e.teamId()));
    }

    /**
     * A bulk import: one entry per team that received domains (so that each team's auditors see
     * it), or one for the default team (else admins only) when nothing was imported. Every
     * imported domain has its own {@code domain.added} entry too.
     */
    @EventListener
    void on(DomainsImported e) {
        String detail = "imported=" + e.imported() + " rejected=" + e.rejected();
        if (e.importedPerTeam().isEmpty()) {
            log.append(new AuditableAction(
                    e.actor(),
                    null,
                    "domains.imported",
                    "import",
                    detail,
                    e.defaultTeamId().orElse(null)));
            return;
        }
        for (Map.Entry<Long, Integer> team : e.importedPerTeam().entrySet()) {
            log.append(AuditableAction.forTeam(
                    e.actor(),
                    team.getKey(),
                    "domains.imported",
                    "import",
                    detail + " team=" + team.getKey() + " team imported=" + team.getValue()));
        }
    }

    @EventListener
    void on(EndpointAdded e) {
        log.append(AuditableAction.forTeam(
                e.actor(),
                e.teamId(),
                "server.endpoint-added",
                "server:" + e.hostname(),
                "server=" + e.serverId() + " role=" + e.role() + " port=" + e.port()));
    }

    @EventListener
    void on(EndpointRemoved e) {
        log.append(AuditableAction.forTeam(
                e.actor(),
                e.teamId(),
                "server.endpoint-removed",
                "server:" + e.hostname(),
                "server=" + e.serverId() + " role=" + e.role() + " port=" + e.port()));
    }

    /**
     * Discovery ran: after onboarding, on a user's "rediscover", or in the background after an
     * import. The event names no actor: the user acting in this thread is it (background runs are
     * {@code system}). It names no team either: the team of the domain's latest entry is used.
     */
    @EventListener
    void on(MailServersDiscovered e) {
        String target = target(e.name());
        log.append(new AuditableAction(
                CurrentUser.actorName(),
                null,
                "domain.discovered",
                target,
                "status=" + e.status() + " servers=" + e.serverIds(),
                log.lastKnownTeam(target).orElse(null)));
    }

    private static String target(String domain) {
        return "domain:" + domain;
    }
}
