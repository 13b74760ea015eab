package dev.mailward.inventory;

import java.util.Map;
import java.util.Optional;

/**
 * A bulk import finished.
 *
 * @param actor who imported
 * @param imported domains added
 * @param rejected lines refused (each with its reason in the import's report)
 * @param importedPerTeam domains added per team id
 * @param defaultTeamId the team of lines that named none, when one was chosen
 */
public record DomainsImported(
        String actor, int imported, int rejected, Map<Long, Integer> importedPerTeam, Optional<Long> defaultTeamId) {

    public DomainsImported {
        importedPerTeam = Map.copyOf(importedPerTeam);
    }
}
