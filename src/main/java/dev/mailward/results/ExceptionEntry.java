package dev.mailward.results;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * An exception as listed across domains: the accepted finding, its domain's name and whether it
 * was revoked.
 *
 * @param finding the accepted finding
 * @param domain the domain's A-label
 * @param teamId the domain's team
 * @param revokedBy who revoked it
 * @param revokedAt when it was revoked
 */
public record ExceptionEntry(
        AcceptedFinding finding, String domain, long teamId, Optional<String> revokedBy, Optional<Instant> revokedAt) {

    /** Whether it holds on {@code day}: not revoked and not expired. */
    public boolean activeOn(LocalDate day) {
        return revokedAt.isEmpty() && finding.holdsOn(day);
    }

    /** Its state on {@code day} (UTC): revoked, expired, expiring within 30 days, or active. */
    public ExceptionState stateOn(LocalDate day) {
        return ExceptionState.of(this, day);
    }
}
