package dev.mailward.scanning;

import java.time.Instant;

/**
 * A domain's next scheduled check: each domain has its own schedule (db-scheduler's {@code scan-domain/<id>}).
 *
 * @param domainId the domain it covers
 * @param domain its name as shown
 * @param at when it runs (earlier than now: due, waiting for a free scanner)
 * @param intervalMinutes how often the domain is checked
 */
public record ScheduledScan(long domainId, String domain, Instant at, int intervalMinutes) {}
