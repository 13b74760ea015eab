package dev.mailward.results;

import dev.mailward.checks.Status;
import java.time.Instant;

/**
 * Published when a stored result changed: the status got worse (re-checked once before it is
 * reported), better, or the finding codes or DNS data changed with the status unchanged.
 *
 * @param changeId the {@code change_event} row
 * @param domainId the domain
 * @param domain its A-label
 * @param check check id
 * @param target the result's target
 * @param direction worse, better or changed
 * @param from status before
 * @param to status now
 * @param detectedAt when
 */
public record ResultChanged(
        long changeId,
        long domainId,
        String domain,
        String check,
        String target,
        ChangeDirection direction,
        Status from,
        Status to,
        Instant detectedAt) {}
