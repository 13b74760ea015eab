package dev.mailward.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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
 * @param score the dashboard's score (0–100); empty when not checked or nothing counted
 * @param worst the worst status among its mitigations; {@link WorstStatus#NONE} when not checked
 * @param lastChecked when the results behind the score were taken
 */
public record DomainSummary(
        long id,
        String name,
        String displayName,
        long teamId,
        String teamName,
        List<String> tags,
        DiscoveryStatus discoveryStatus,
        int mailServers,
        OptionalInt score,
        WorstStatus worst,
        Optional<Instant> lastChecked) {

    public DomainSummary {
        tags = List.copyOf(tags);
    }

    /** The score, or -1 when there is none (for templates). */
    public int scoreOrMinus() {
        return score.orElse(-1);
    }

    /** What the name itself may hide ({@link NameWarnings#MIXED_SCRIPT}); empty for most names. */
    public List<String> warnings() {
        return NameWarnings.of(displayName);
    }
}
