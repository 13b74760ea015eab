package dev.mailward.inventory;

import java.util.List;

/**
 * A row of the domain list.
 *
 * @param id domain id
 * @param name the A-label form
 * @param displayName the U-label form
 * @param teamId owning team
 * @param teamName the team's name
 * @param tags tags, sorted
 * @param discoveryStatus where MX/SRV discovery stands
 * @param mailServers number of mail servers linked to the domain
 */
public record DomainSummary(
        long id,
        String name,
        String displayName,
        long teamId,
        String teamName,
        List<String> tags,
        DiscoveryStatus discoveryStatus,
        int mailServers) {

    public DomainSummary {
        tags = List.copyOf(tags);
    }

    /** What the name itself may hide ({@link NameWarnings#MIXED_SCRIPT}); empty for most names. */
    public List<String> warnings() {
        return NameWarnings.of(displayName);
    }
}
