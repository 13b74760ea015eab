package dev.mailward.results;

import dev.mailward.checks.Status;
import java.time.Instant;

/**
 * Published when a stored result changed: the status got worse (re-checked once before it is
 * reported), better, or the finding codes or DNS data changed with the status unchanged; or when a scan found a
 * target (an endpoint, an MX host, an address) the domain had no result for ({@link ChangeDirection#APPEARED}:
 * {@code from} is {@code NOT_APPLICABLE}, {@code to} the new target's status), or a complete scan no longer found a
 * target ({@link ChangeDirection#DISAPPEARED}: {@code from} its last status, {@code to} {@code NOT_APPLICABLE}; its
 * result is no longer current). Whether a change made the domain worse or better:
 * {@link ChangeDirection#worsens}, {@link ChangeDirection#improves}. A re-judge under new rules publishes none.
 *
 * @param changeId the {@code change_event} row
 * @param domainId the domain
 * @param domain its A-label
 * @param check check id
 * @param target the result's target
 * @param direction worse, better, changed, appeared or disappeared
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
