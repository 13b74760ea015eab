package dev.mailward.inventory;

import java.util.List;

/**
 * Command to onboard one domain.
 *
 * @param name the domain as typed (U-label or A-label, any case, trailing dot allowed)
 * @param teamId the owning team
 * @param tags free labels for filtering: 1..40 of {@code a-z 0-9 . _ -}, at most 20
 * @param dkimSelectors DKIM selectors to check, at most 20
 * @param checkIntervalMinutes how often the domain is checked, 5..43200 minutes
 * @param notes free text, at most 4000 characters
 */
public record AddDomain(
        String name,
        long teamId,
        List<String> tags,
        List<String> dkimSelectors,
        int checkIntervalMinutes,
        String notes) {

    /** The default check interval: once a day. */
    public static final int DEFAULT_INTERVAL = 1440;

    public AddDomain {
        tags = tags == null ? List.of() : List.copyOf(tags);
        dkimSelectors = dkimSelectors == null ? List.of() : List.copyOf(dkimSelectors);
        notes = notes == null ? "" : notes;
    }
}
