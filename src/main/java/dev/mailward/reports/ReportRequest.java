package dev.mailward.reports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to export.
 *
 * @param format the file format
 * @param scope which domains
 * @param asOf the point in time the results are taken at (each domain × check × target: the latest
 *     result checked at or before it); empty for the current results
 * @param since the earlier point the executive summary lists changes from; empty for none
 */
public record ReportRequest(ReportFormat format, ReportScope scope, Optional<Instant> asOf, Optional<Instant> since) {

    public ReportRequest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(since, "since");
        if (since.isPresent() && asOf.isPresent() && !since.get().isBefore(asOf.get())) {
            throw new ReportValidationException(
                    "since",
                    "reports.error.since",
                    "'since' " + since.get() + " must lie before 'as of' " + asOf.get());
        }
    }

    /**
     * A request from form or API fields.
     *
     * @throws ReportValidationException naming the field that is wrong
     */
    public static ReportRequest of(
            String format,
            String scopeKind,
            Long teamId,
            String tag,
            List<String> domains,
            Optional<Instant> asOf,
            Optional<Instant> since) {
        return new ReportRequest(
                ReportFormat.parse(format), ReportScope.of(scopeKind, teamId, tag, domains), asOf, since);
    }
}
