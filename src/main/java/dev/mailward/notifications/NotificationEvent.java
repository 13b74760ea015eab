package dev.mailward.notifications;

import java.time.Instant;
import java.util.List;

/**
 * An event worth a message, as stored in the outbox and rendered by every channel.
 *
 * @param id the outbox row (0 before it is stored); receivers may use it to ignore a repeat
 * @param teamId the team of the domain
 * @param domainId the domain (null for a test)
 * @param oldStatus status before (null when the kind has none)
 * @param newStatus status now (null when the kind has none)
 * @param codes finding codes of the result now
 * @param mitigation the mitigation of the first finding that is not passing, or of the result; null if none
 * @param evidence what was seen, in one line
 * @param since when the condition began (detected, or the expiry date)
 */
record NotificationEvent(
        long id,
        NotificationKind kind,
        long teamId,
        Long domainId,
        String domain,
        String check,
        String target,
        String oldStatus,
        String newStatus,
        List<String> codes,
        String mitigation,
        String evidence,
        Instant since,
        Instant createdAt,
        Long changeId) {}
