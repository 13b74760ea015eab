package dev.mailward.reportintake;

import java.time.Instant;
import java.util.List;

/**
 * What the intake kept aside, for an ADMIN: files it could not read (with the reason) and reports about
 * domains that are not in the inventory or not of the uploader's teams, newest first.
 */
public record HeldReports(List<Rejected> rejected, List<Unattributed> unattributed) {

    /** A file, or a part of one, that could not be read. */
    public record Rejected(String file, String reason, long sizeBytes, Instant receivedAt, String receivedBy) {}

    /** A report ({@code DMARC} or {@code TLSRPT}) about a domain no team may see. */
    public record Unattributed(
            String kind, String reporter, String reportId, String domain, Instant receivedAt, String receivedBy) {}
}
