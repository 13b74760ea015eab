package dev.mailward.reports;

import java.util.List;

/**
 * The outcome of verifying a copy of a report.
 *
 * @param sha256 the SHA-256 of the copy (lower-case hex)
 * @param matches the archived reports (visible to the user) with exactly that hash; empty when none
 */
public record VerifyResult(String sha256, List<ArchivedReport> matches) {

    public VerifyResult {
        matches = List.copyOf(matches);
    }

    public boolean matched() {
        return !matches.isEmpty();
    }
}
