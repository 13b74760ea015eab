package dev.mailward.inventory;

import java.util.List;

/**
 * What a bulk action will do (or did) to one domain: shown on the confirmation page before anything
 * changes.
 *
 * @param id domain id
 * @param name the A-label form
 * @param displayName the U-label form
 * @param teamName its team
 * @param tagsBefore its tags now, sorted
 * @param tagsAfter its tags after a re-tag, sorted (for a delete: the same as before)
 */
public record BulkChange(
        long id, String name, String displayName, String teamName, List<String> tagsBefore, List<String> tagsAfter) {

    public BulkChange {
        tagsBefore = List.copyOf(tagsBefore);
        tagsAfter = List.copyOf(tagsAfter);
    }

    /** Whether a re-tag changes this domain's tags. */
    public boolean changesTags() {
        return !tagsBefore.equals(tagsAfter);
    }
}
