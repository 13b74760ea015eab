package dev.mailward.reports.api;

import dev.mailward.checks.Finding;
import dev.mailward.reports.ArchivedReport;
import dev.mailward.reports.ReportedResult;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of {@code /api/v1/reports} and {@code /api/v1/results}. */
final class ReportsApiDtos {

    private ReportsApiDtos() {
    }

    /**
     * A request for a report.
     *
     * @param format {@code PDF}, {@code CSV} or {@code JSON}
     * @param scope which domains
     * @param asOf point in time of the results (ISO-8601 instant), absent for the current results
     * @param since start of the changes in the summary (ISO-8601 instant), optional
     */
    record CreateReport(String format, Scope scope, Instant asOf, Instant since) {
    }

    /**
     * The scope of a report.
     *
     * @param kind {@code all}, {@code team}, {@code tag} or {@code domains}
     * @param teamId the team of {@code team}
     * @param tag the tag of {@code tag}
     * @param domains the names of {@code domains}
     */
    record Scope(String kind, Long teamId, String tag, List<String> domains) {
    }

    /** Links of a report. */
    record Links(String self, String download) {
    }

    /** An archived report. */
    record Report(long id, String format, String scope, String scopeLabel, Instant asOf, boolean current, Instant since,
            String generatedBy, Instant generatedAt, String sha256, long sizeBytes, int domainCount,
            boolean fileAvailable, Links links) {

        static Report of(ArchivedReport r) {
            String self = "/api/v1/reports/" + r.id();
            return new Report(r.id(), r.format().name(), r.scopeKind(), r.scopeLabel(), r.asOf(), r.current(),
                    r.since().orElse(null), r.generatedBy(), r.generatedAt(), r.sha256(), r.sizeBytes(), r.domainCount(),
                    r.fileAvailable(), new Links(self, self + "/download"));
        }
    }

    /** A page of archived reports. */
    record ReportPage(List<Report> items, int page, int pageSize, long total) {
    }

    /** A finding. */
    record FindingDto(String code, String status, String message, String mitigation) {
        static FindingDto of(Finding f) {
            return new FindingDto(f.code(), f.status().name(), f.message(), f.mitigation());
        }
    }

    /** A result. */
    record Result(String domain, String check, String target, String status, List<FindingDto> findings,
            Instant checkedAt) {
        static Result of(ReportedResult r) {
            return new Result(r.domain(), r.check(), r.target(), r.status().name(),
                    r.findings().stream().map(FindingDto::of).toList(), r.checkedAt());
        }
    }

    /** A page of results; {@code next} is the URL of the next page, absent on the last. */
    record ResultPage(List<Result> items, int page, int pageSize, Instant asOf, String next) {
    }
}
