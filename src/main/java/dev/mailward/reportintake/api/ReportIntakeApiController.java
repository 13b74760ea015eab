package dev.mailward.reportintake.api;

import dev.mailward.reportintake.DmarcSummary;
import dev.mailward.reportintake.IngestResult;
import dev.mailward.reportintake.ReceivedFile;
import dev.mailward.reportintake.ReportIntake;
import dev.mailward.reportintake.ReportSource;
import dev.mailward.reportintake.TlsSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/report-ingest}: DMARC aggregate and TLS reports sent as one or more multipart
 * {@code file} parts (XML, JSON, gzip, zip, whole messages), answered 201 with what became of each report;
 * {@code GET /api/v1/dmarc/{domainId}/summary} and {@code GET /api/v1/tlsrpt/{domainId}/summary} for a period
 * of ISO days ({@code from}, {@code to}, inclusive, UTC; default the last 30 days).
 */
@Tag(name = "Report intake")
@RestController
class ReportIntakeApiController {

    private static final int DEFAULT_DAYS = 30;

    private final ReportIntake intake;

    ReportIntakeApiController(ReportIntake intake) {
        this.intake = intake;
    }

    @Operation(
            operationId = "ingestReports",
            summary = "Send DMARC aggregate and TLS reports",
            description = "One or more multipart `file` parts: `.xml`, `.xml.gz`, `.zip`, `.json`, `.json.gz` or whole"
                    + " `.eml` messages (recognised by their content). Answers 201 with, per file and per report in it,"
                    + " `STORED`, `DUPLICATE` (same reporter and report id), `KEPT_ASIDE` (a domain that is not one of"
                    + " your teams': for an administrator) or `REFUSED` with the reason. Needs OPERATOR or ADMIN.")
    @PostMapping(path = "/api/v1/report-ingest")
    @ResponseStatus(HttpStatus.CREATED)
    IngestResult ingest(@RequestParam(name = "file", required = false) List<MultipartFile> files) {
        return intake.ingest(ReceivedFile.of(files), ReportSource.API);
    }

    @Operation(
            operationId = "getDmarcSummary",
            summary = "Summarise a domain's DMARC aggregate reports",
            description = "For the reports whose period begins on a day from `from` to `to` (ISO dates, UTC,"
                    + " inclusive; default the last 30 days): messages, messages that passed DMARC, per source address"
                    + " and per reporter, the sources that fail most with their HELO, envelope and DKIM domains, the"
                    + " published policy and the messages per day. Analysis: `coverage` (reports, days, reporters),"
                    + " `sourceDetails` (per source address its `origin`: PTR name, organisation = the PTR name's"
                    + " registrable domain, forward-confirmed, and AS number, name and country when the operator"
                    + " configured an offline ASN database; the aligned SPF and DKIM passes; `kind` AUTHENTICATED,"
                    + " PARTIAL, FORWARDED or UNAUTHENTICATED; `legitimate`; `fixes`, the SPF/DKIM changes that"
                    + " would make its failing messages pass), `organisations` (the sources per organisation) and"
                    + " `verdict`, \"ready for p=reject?\": `state` READY, NOT_READY or NOT_ENOUGH_DATA, its"
                    + " `reasons` (code, arguments, English text) and the legitimate sources that still fail"
                    + " (`blockers`). PTR names not resolved yet are resolved on later requests.")
    @GetMapping(path = "/api/v1/dmarc/{domainId}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    DmarcSummary dmarc(
            @PathVariable long domainId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
        return intake.dmarcSummary(domainId, from == null ? end.minusDays(DEFAULT_DAYS) : from, end);
    }

    @Operation(
            operationId = "getTlsReportSummary",
            summary = "Summarise a domain's SMTP TLS reports",
            description = "For the reports whose period begins on a day from `from` to `to` (ISO dates, UTC,"
                    + " inclusive; default the last 30 days): successful and failed sessions, failed sessions per"
                    + " result type and MX host, and per reporter. Analysis: `coverage` (reports, days, reporters),"
                    + " `resultTypes` (failed sessions per result type, `blocking` when the type keeps MTA-STS from"
                    + " enforce), `organisations` (failed sessions per sending organisation, the registrable domain"
                    + " of the sending address's PTR name, or the address when it has none) and `verdict`,"
                    + " \"MTA-STS ready for enforce?\": `state` READY, NOT_READY or NOT_ENOUGH_DATA, the"
                    + " `successRate` and the `reasons`.")
    @GetMapping(path = "/api/v1/tlsrpt/{domainId}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    TlsSummary tls(
            @PathVariable long domainId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
        return intake.tlsSummary(domainId, from == null ? end.minusDays(DEFAULT_DAYS) : from, end);
    }
}
