package dev.mailward.reports;

import java.time.Instant;
import java.util.Optional;

/**
 * What the cover of a report says: which report, which scope, which point in time, who and when.
 *
 * @param id the archive id the report will have
 * @param format its format
 * @param scopeKind the scope's kind
 * @param scopeLabel the scope in words
 * @param asOf the point in time of the results
 * @param current whether these are the current results
 * @param since the start of the changes listed, if any
 * @param generatedBy who asked for it
 * @param generatedAt when
 */
record ReportHeader(
        long id,
        ReportFormat format,
        String scopeKind,
        String scopeLabel,
        Instant asOf,
        boolean current,
        Optional<Instant> since,
        String generatedBy,
        Instant generatedAt) {}
