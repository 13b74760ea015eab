package dev.mailward.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the inventory knows about one domain.
 *
 * @param id domain id
 * @param name the A-label form
 * @param displayName the U-label form
 * @param teamId owning team
 * @param teamName the team's name
 * @param tags tags, sorted
 * @param dkimSelectors DKIM selectors
 * @param checkIntervalMinutes check interval in minutes
 * @param notes free text
 * @param createdAt when it was onboarded
 * @param createdBy who onboarded it
 * @param discoveryStatus where MX/SRV discovery stands
 * @param discoveredAt when discovery last finished
 * @param discoveryMessage what discovery saw (DNS outcomes, notes such as a CNAME MX target)
 * @param nullMx whether the domain publishes a null MX (accepts no mail)
 * @param mailServers the servers that serve it, MX by preference first
 */
public record DomainDetails(
        long id,
        String name,
        String displayName,
        long teamId,
        String teamName,
        List<String> tags,
        List<String> dkimSelectors,
        int checkIntervalMinutes,
        String notes,
        Instant createdAt,
        String createdBy,
        DiscoveryStatus discoveryStatus,
        Optional<Instant> discoveredAt,
        String discoveryMessage,
        boolean nullMx,
        List<ServedBy> mailServers) {

    public DomainDetails {
        tags = List.copyOf(tags);
        dkimSelectors = List.copyOf(dkimSelectors);
        mailServers = List.copyOf(mailServers);
    }

    /** What the name itself may hide ({@link NameWarnings#MIXED_SCRIPT}); empty for most names. */
    public List<String> warnings() {
        return NameWarnings.of(displayName);
    }

    /**
     * One mail server serving the domain in one role.
     *
     * @param serverId the server's id
     * @param hostname its host name (A-label)
     * @param role MX, or the SRV service that named it
     * @param preference MX preference (SRV priority for other roles)
     * @param addresses its IPv4/IPv6 addresses as last resolved
     * @param endpoints its endpoints
     */
    public record ServedBy(
            long serverId,
            String hostname,
            EndpointRole role,
            int preference,
            List<String> addresses,
            List<Endpoint> endpoints) {

        public ServedBy {
            addresses = List.copyOf(addresses);
            endpoints = List.copyOf(endpoints);
        }
    }

    /** An endpoint of a mail server. */
    public record Endpoint(EndpointRole role, int port, EndpointSource source) {}
}
