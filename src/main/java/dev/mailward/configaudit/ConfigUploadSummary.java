package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.time.Instant;

/**
 * One upload in a server's history.
 *
 * @param serverId the mail server
 * @param version 1 for the first upload, then 2, 3, ...
 * @param sha256 hex SHA-256 of the redacted texts (see {@link ServerConfigService#sha256})
 * @param uploadedBy user name of who uploaded it
 * @param uploadedAt when (UTC)
 * @param status the audit's worst status
 * @param failures number of {@code FAIL} findings
 * @param warnings number of {@code WARN} findings
 * @param errors number of {@code ERROR} findings
 */
public record ConfigUploadSummary(
        long serverId,
        int version,
        String sha256,
        String uploadedBy,
        Instant uploadedAt,
        Status status,
        int failures,
        int warnings,
        int errors) {

    /** The first 12 hex digits, for lists. */
    public String shortHash() {
        return sha256.substring(0, Math.min(12, sha256.length()));
    }
}
