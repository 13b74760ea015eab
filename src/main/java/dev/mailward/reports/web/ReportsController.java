package dev.mailward.reports.web;

import dev.mailward.reports.ArchivedReport;
import dev.mailward.reports.ReportFile;
import dev.mailward.reports.ReportFormat;
import dev.mailward.reports.ReportRequest;
import dev.mailward.reports.ReportService;
import dev.mailward.reports.ReportValidationException;
import dev.mailward.reports.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The report pages: the archive with the "new report" and "verify a copy" forms, one report, its download. */
@Controller
class ReportsController {

    static final String ARCHIVE = "reports/archive";
    static final String DETAIL = "reports/report";
    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ReportService reports;
    private final MessageSource messages;
    private final Clock clock = Clock.systemUTC();

    ReportsController(ReportService reports, MessageSource messages) {
        this.reports = reports;
        this.messages = messages;
    }

    @GetMapping("/reports")
    String archive(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("archive", reports.archive(page));
        model.addAttribute("teams", reports.teams());
        model.addAttribute("tags", reports.tags());
        model.addAttribute("formats", ReportFormat.values());
        model.addAttribute("scopes", List.of("all", "team", "tag", "domains"));
        model.addAttribute("today", LocalDate.now(clock).toString());
        model.addAttribute("currentPath", "/reports");
        return ARCHIVE;
    }

    @PostMapping("/reports")
    String generate(
            @RequestParam(defaultValue = "PDF") String format,
            @RequestParam(defaultValue = "all") String scope,
            @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String domains,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String since,
            RedirectAttributes flash,
            Locale locale) {
        try {
            List<String> names = domains == null ? List.of() : Arrays.asList(domains.split("[\\s,;]+"));
            ReportRequest request = ReportRequest.of(
                    format, scope, teamId, tag, names, endOfDay("asOf", asOf), startOfDay("since", since));
            ArchivedReport r = reports.generate(request, ReportService.IfNoDomain.REFUSE);
            flash.addFlashAttribute(
                    "flash",
                    messages.getMessage(
                            "reports.generate.done", new Object[] {r.id(), r.domainCount(), r.sha256()}, locale));
            return "redirect:/reports/" + r.id();
        } catch (ReportValidationException e) {
            flash.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), null, e.getMessage(), locale));
            return "redirect:/reports";
        }
    }

    @GetMapping("/reports/{id}")
    String report(@PathVariable long id, Model model) {
        model.addAttribute("report", reports.report(id));
        model.addAttribute("currentPath", "/reports");
        return DETAIL;
    }

    @GetMapping("/reports/{id}/download")
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

    @PostMapping("/reports/verify")
    String verify(
            @RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String sha256,
            RedirectAttributes flash,
            Locale locale)
            throws IOException {
        try {
            VerifyResult result;
            if (file != null && !file.isEmpty()) {
                try (InputStream in = file.getInputStream()) {
                    result = reports.verify(in);
                }
            } else if (sha256 != null && !sha256.isBlank()) {
                result = reports.verifyHash(sha256);
            } else {
                flash.addFlashAttribute("verifyError", messages.getMessage("reports.verify.nothing", null, locale));
                return "redirect:/reports#verify";
            }
            if (result.matched()) {
                ArchivedReport r = result.matches().getFirst();
                flash.addFlashAttribute(
                        "verifyOk",
                        messages.getMessage(
                                "reports.verify.match",
                                new Object[] {result.sha256(), r.id(), r.generatedBy(), WHEN.format(r.generatedAt())},
                                locale));
                flash.addFlashAttribute("verifyReportId", r.id());
            } else {
                flash.addFlashAttribute(
                        "verifyError",
                        messages.getMessage("reports.verify.noMatch", new Object[] {result.sha256()}, locale));
            }
        } catch (ReportValidationException e) {
            flash.addFlashAttribute("verifyError", messages.getMessage(e.messageKey(), null, e.getMessage(), locale));
        }
        return "redirect:/reports#verify";
    }

    /** "As of 2026-01-05": the end of that day (UTC), or now when the day is today. */
    private Optional<Instant> endOfDay(String field, String date) {
        return parse(field, date).map(d -> {
            Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
            Instant now = clock.instant();
            return end.isAfter(now) && !d.isAfter(LocalDate.now(clock)) ? now : end;
        });
    }

    private Optional<Instant> startOfDay(String field, String date) {
        return parse(field, date).map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static Optional<LocalDate> parse(String field, String date) {
        if (date == null || date.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(date.strip()));
        } catch (DateTimeParseException e) {
            throw new ReportValidationException(
                    field, "reports.error.date", "'" + date.strip() + "' is not a date (YYYY-MM-DD)");
        }
    }
}
