package dev.mailward.inventory;

import java.util.List;

/**
 * Command to change a domain's settings (the name itself never changes; remove and add instead).
 * Field rules as in {@link AddDomain}.
 */
public record UpdateDomain(
        long teamId, List<String> tags, List<String> dkimSelectors, int checkIntervalMinutes, String notes) {

    public UpdateDomain {
        tags = tags == null ? List.of() : List.copyOf(tags);
        dkimSelectors = dkimSelectors == null ? List.of() : List.copyOf(dkimSelectors);
        notes = notes == null ? "" : notes;
    }
}
