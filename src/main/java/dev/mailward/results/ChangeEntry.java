package dev.mailward.results;

import dev.mailward.checks.Status;
import java.time.Instant;
import java.util.List;

/**
 * One row of the changes page.
 *
 * @param id change id
 * @param domainId domain id
 * @param domain domain A-label
 * @param check check id
 * @param target target
 * @param direction worse, better, changed
 * @param from status before
 * @param to status after
 * @param oldCodes finding codes before
 * @param newCodes finding codes after
 * @param dnsChanged whether the DNS data the check saw changed
 * @param detectedAt when
 */
public record ChangeEntry(
        long id,
        long domainId,
        String domain,
        String check,
        String target,
        ChangeDirection direction,
        Status from,
        Status to,
        List<String> oldCodes,
        List<String> newCodes,
        boolean dnsChanged,
        Instant detectedAt) {}
