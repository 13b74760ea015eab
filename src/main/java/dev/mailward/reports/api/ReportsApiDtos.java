package dev.mailward.reports.api;

import dev.mailward.reports.ArchivedReport;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of {@code /api/v1/reports}. */
final class ReportsApiDtos {

    private ReportsApiDtos() {}

    /**
     * A request for a report.
     *
     * @param format {@code PDF}, {@code CSV} or {@code JSON}
     * @param scope which domains
     * @param asOf point in time of the results (ISO-8601 instant), absent for the current results
     * @param since start of the changes in the summary (ISO-8601 instant), optional
     */
    record CreateReport(String format, Scope scope, Instant asOf, Instant since) {}

    /**
     * The scope of a report.
     *
     * @param kind {@code all}, {@code team}, {@code tag} or {@code domains}
     * @param teamId the team of {@code team}
     * @param tag the tag of {@code tag}
     * @param domains the names of {@code domains}
     */
    record Scope(String kind, Long teamId, String tag, List<String> domains) {}

    /** Links of a report. */
    record Links(String self, String download) {}

    /** An archived report. */
    record Report(
            long id,
            String format,
            String scope,
            String scopeLabel,
            Instant asOf,
            boolean current,
            Instant since,
            String generatedBy,
            Instant generatedAt,
            String sha256,
            long sizeBytes,
            int domainCount,
            boolean fileAvailable,
            Links links) {

        static Report of(ArchivedReport r) {
            String self = "/api/v1/reports/" + r.id();
            return new Report(
                    r.id(),
                    r.format().name(),
                    r.scopeKind(),
                    r.scopeLabel(),
                    r.asOf(),
                    r.current(),
                    r.since().orElse(null),
                    r.generatedBy(),
                    r.generatedAt(),
                    r.sha256(),
                    r.sizeBytes(),
                    r.domainCount(),
                    r.fileAvailable(),
                    new Links(self, self + "/download"));
        }
    }

    /** A page of archived reports. */
    record ReportPage(List<Report> items, int page, int pageSize, long total) {}
}
