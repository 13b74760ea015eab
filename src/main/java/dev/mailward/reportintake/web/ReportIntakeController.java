package dev.mailward.reportintake.web;

import dev.mailward.reportintake.IngestResult;
import dev.mailward.reportintake.IntakeRefusedException;
import dev.mailward.reportintake.ReceivedFile;
import dev.mailward.reportintake.ReportIntake;
import dev.mailward.reportintake.ReportSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
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
 * reports, and for an ADMIN what was kept aside), the upload's POST, and a domain's report page
 * {@code /domains/{id}/aggregate-reports} for a period.
 */
@Controller
class ReportIntakeController {

    static final String INTAKE_VIEW = "reportintake/intake";
    static final String DOMAIN_VIEW = "reportintake/domain";
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
        try {
            model.addAttribute("dmarc", intake.dmarcSummary(id, start, end));
            model.addAttribute("tls", intake.tlsSummary(id, start, end));
        } catch (IntakeRefusedException e) {
            model.addAttribute("error", e.messageKey());
        }
        return DOMAIN_VIEW;
    }
}
