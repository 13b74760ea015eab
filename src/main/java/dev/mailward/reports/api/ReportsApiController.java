package dev.mailward.reports.api;

import dev.mailward.reports.ArchivedReport;
import dev.mailward.reports.ReportFile;
import dev.mailward.reports.ReportRequest;
import dev.mailward.reports.ReportService;
import dev.mailward.reports.ReportValidationException;
import dev.mailward.reports.api.ReportsApiDtos.CreateReport;
import dev.mailward.reports.api.ReportsApiDtos.Report;
import dev.mailward.reports.api.ReportsApiDtos.ReportPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Optional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/reports}: generate a report (201 with its id, SHA-256 and links), list the archive,
 * read one entry, download its file. Scoped like the console.
 */
@Tag(name = "Reports")
@RestController
class ReportsApiController {

    private final ReportService reports;

    ReportsApiController(ReportService reports) {
        this.reports = reports;
    }

    @Operation(
            operationId = "generateReport",
            summary = "Generate a report",
            description =
                    "Generates an audit report now and archives it: `format` is `pdf`, `csv` or `json`; `scope.kind` is `all` (every domain you can see), `team` (with `teamId`), `tag` (with `tag`) or `domains` (with their names); `asOf` and `since` bound the period of changes. Answers 201 with the archived report; its file is at `/api/v1/reports/{id}/download`.")
    @PostMapping("/api/v1/reports")
    ResponseEntity<Report> create(@RequestBody CreateReport body) {
        if (body == null) {
            throw new ReportValidationException("body", "reports.error.format", "a JSON body is required");
        }
        ReportsApiDtos.Scope scope =
                body.scope() == null ? new ReportsApiDtos.Scope("all", null, null, null) : body.scope();
        ReportRequest request = ReportRequest.of(
                body.format(),
                scope.kind(),
                scope.teamId(),
                scope.tag(),
                scope.domains(),
                Optional.ofNullable(body.asOf()),
                Optional.ofNullable(body.since()));
        ArchivedReport r = reports.generate(request);
        return ResponseEntity.created(URI.create("/api/v1/reports/" + r.id())).body(Report.of(r));
    }

    @Operation(
            operationId = "listReports",
            summary = "List archived reports",
            description = "Reports generated earlier that you may read, newest first, 25 a page.")
    @GetMapping("/api/v1/reports")
    ReportPage list(@RequestParam(defaultValue = "0") int page) {
        var p = reports.archive(page);
        return new ReportPage(p.items().stream().map(Report::of).toList(), p.page(), p.pageSize(), p.total());
    }

    @Operation(
            operationId = "getReport",
            summary = "Get an archived report",
            description = "One archived report: its format, scope, period, size, SHA-256 and who generated it when.")
    @GetMapping("/api/v1/reports/{id}")
    Report one(@PathVariable long id) {
        return Report.of(reports.report(id));
    }

    @Operation(
            operationId = "downloadReport",
            summary = "Download an archived report",
            description =
                    "The report file itself (PDF, CSV or JSON), as archived, with its SHA-256 in the X-Content-SHA256 header.")
    @GetMapping("/api/v1/reports/{id}/download")
    ResponseEntity<Resource> download(@PathVariable long id) {
        ReportFile file = reports.open(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.report().format().mediaType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(file.report().fileName())
                                .build()
                                .toString())
                .header("X-Content-SHA256", file.report().sha256())
                .body(new FileSystemResource(file.path()));
    }
}
