package dev.mailward.reportintake.web;

import dev.mailward.reportintake.DmarcSummary;
import dev.mailward.reportintake.IngestResult;
import dev.mailward.reportintake.IntakeRefusedException;
import dev.mailward.reportintake.ReceivedFile;
import dev.mailward.reportintake.ReportIntake;
import dev.mailward.reportintake.ReportSource;
import dev.mailward.shared.Csv;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
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

/**
 * The report intake's pages: {@code /report-intake} (the upload form for ADMIN and OPERATOR, the domains with
 * reports, and for an ADMIN what was kept aside), the upload's POST, a domain's report page
 * {@code /domains/{id}/aggregate-reports} for a period with its sources as CSV ({@code .../sources.csv}), and the
 * portfolio of domains by DMARC pass rate {@code /aggregate-reports}.
 */
@Controller
class ReportIntakeController {

    static final String INTAKE_VIEW = "reportintake/intake";
    static final String DOMAIN_VIEW = "reportintake/domain";
    static final String PORTFOLIO_VIEW = "reportintake/portfolio";
    private static final int DEFAULT_DAYS = 30;

    private final ReportIntake intake;

    ReportIntakeController(ReportIntake intake) {
        this.intake = intake;
    }

    @GetMapping("/report-intake")
    String intake(Model model) {
        model.addAttribute("domains", intake.reportedDomains());
        model.addAttribute("canSend", intake.canSend());
        return INTAKE_VIEW;
    }

    @GetMapping("/report-intake/held")
    String held(Model model) {
        model.addAttribute("held", intake.held());
        return "reportintake/held";
    }

    @PostMapping("/report-intake")
    String upload(@RequestParam(name = "file", required = false) List<MultipartFile> files, RedirectAttributes flash) {
        try {
            IngestResult result = intake.ingest(ReceivedFile.of(files), ReportSource.UPLOAD);
            flash.addFlashAttribute("result", result);
        } catch (IntakeRefusedException e) {
            flash.addFlashAttribute("error", e.messageKey());
        }
        return "redirect:/report-intake";
    }

    @GetMapping("/domains/{id}/aggregate-reports")
    String domain(
            @PathVariable long id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Model model) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS) : from;
        String name = intake.domainName(id);
        model.addAttribute("domainId", id);
        model.addAttribute("domainName", name);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        model.addAttribute("hasAsn", intake.hasAsnDatabase());
        try {
            DmarcSummary dmarc = intake.dmarcSummary(id, start, end);
            model.addAttribute("dmarc", dmarc);
            model.addAttribute("chart", VolumeChart.of(dmarc.days(), start, end));
            model.addAttribute("tls", intake.tlsSummary(id, start, end));
        } catch (IntakeRefusedException e) {
            model.addAttribute("error", e.messageKey());
        }
        return DOMAIN_VIEW;
    }

    /**
     * The analysed sources of a domain for the period as CSV (the one CSV dialect, {@code shared.Csv}: cells a
     * spreadsheet would evaluate are kept text).
     */
    @GetMapping(path = "/domains/{id}/aggregate-reports/sources.csv", produces = "text/csv")
    ResponseEntity<String> sourcesCsv(
            @PathVariable long id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS) : from;
        DmarcSummary dmarc;
        try {
            dmarc = intake.dmarcSummary(id, start, end);
        } catch (IntakeRefusedException e) {
            return ResponseEntity.badRequest()
                    .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body(e.getMessage());
        }
        StringBuilder csv = new StringBuilder();
        csv.append(Csv.row(
                "source_ip",
                "ptr_name",
                "organisation",
                "forward_confirmed",
                "asn",
                "as_name",
                "country",
                "messages",
                "passed_dmarc",
                "pass_rate",
                "spf_aligned_pass",
                "dkim_aligned_pass",
                "judged_as",
                "legitimate",
                "envelope_from",
                "helo",
                "dkim_domains",
                "fixes"));
        for (DmarcSummary.SourceDetail s : dmarc.sourceDetails()) {
            csv.append(Csv.row(
                    s.ip(),
                    s.origin().ptr(),
                    s.origin().organisation(),
                    String.valueOf(s.origin().forwardConfirmed()),
                    s.origin().asn() == 0 ? null : String.valueOf(s.origin().asn()),
                    s.origin().asName(),
                    s.origin().country(),
                    String.valueOf(s.messages()),
                    String.valueOf(s.passing()),
                    String.format(Locale.ROOT, "%.4f", s.passRate()),
                    String.valueOf(s.spfAligned()),
                    String.valueOf(s.dkimAligned()),
                    s.kind().name(),
                    String.valueOf(s.legitimate()),
                    String.join(" ", s.envelopeFrom()),
                    String.join(" ", s.helo()),
                    String.join(" ", s.dkimDomains()),
                    String.join(
                            " | ",
                            s.fixes().stream().map(DmarcSummary.Fix::text).toList())));
        }
        String file = "aggregate-reports-" + dmarc.domain() + "-" + start + "-" + end + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(file, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(csv.toString());
    }

    @GetMapping("/aggregate-reports")
    String portfolio(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS) : from;
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        try {
            model.addAttribute("portfolio", intake.portfolio(start, end, page));
        } catch (IntakeRefusedException e) {
            model.addAttribute("error", e.messageKey());
        }
        return PORTFOLIO_VIEW;
    }
}
