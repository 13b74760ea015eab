package dev.mailward.audit;

import java.time.Instant;

/**
 * One row of the audit log.
 *
 * @param id increasing id
 * @param at when it was written (UTC)
 * @param actor who acted
 * @param sourceAddress client address, may be {@code null}
 * @param action stable dotted action id
 * @param target what was acted on, may be {@code null}
 * @param detail free text, may be {@code null}
 * @param teamId the team the action concerns, {@code null} for admin-only entries
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String sourceAddress,
        String action,
        String target,
        String detail,
        Long teamId) {}
