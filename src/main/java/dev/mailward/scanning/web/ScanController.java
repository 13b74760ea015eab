package dev.mailward.scanning.web;

import dev.mailward.scanning.AcceptFinding;
import dev.mailward.scanning.ChangeDirection;
import dev.mailward.scanning.ScanProgress;
import dev.mailward.scanning.ScanSelection;
import dev.mailward.scanning.ScanService;
import dev.mailward.scanning.ScanValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "Check now", the domain's results, "scan now" with progress and cancel, changes and exceptions. */
@Controller
class ScanController {

    static final String RESULTS = "scanning/results :: results";
    static final String SCANS = "scanning/scans";
    static final String SCAN = "scanning/scan";
    static final String PROGRESS = "scanning/scan :: progress";
    static final String CHANGES = "scanning/changes";

    private final ScanService scans;
    private final MessageSource messages;

    ScanController(ScanService scans, MessageSource messages) {
        this.scans = scans;
        this.messages = messages;
    }

    @PostMapping("/domains/{id}/check")
    String checkNow(@PathVariable long id, RedirectAttributes redirect) {
        scans.checkNow(id);
        redirect.addFlashAttribute("flash", message("scanning.check.started"));
        return "redirect:/domains/" + id + "#scan-results";
    }

    /** The results section of the domain page (loaded and polled by htmx). */
    @GetMapping("/domains/{id}/results")
    String results(@PathVariable long id, Model model) {
        model.addAttribute("view", scans.domainView(id));
        model.addAttribute("today", LocalDate.now(java.time.ZoneOffset.UTC));
        return RESULTS;
    }

    @PostMapping("/domains/{id}/exceptions")
    String accept(@PathVariable long id, @RequestParam String check, @RequestParam String target,
            @RequestParam String code, @RequestParam(defaultValue = "") String reason,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
            RedirectAttributes redirect) {
        try {
            scans.acceptFinding(id, new AcceptFinding(check, target, code, reason, expiresOn));
            redirect.addFlashAttribute("flash", message("scanning.exception.accepted", code));
        } catch (ScanValidationException e) {
            redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.getMessage(),
                    LocaleContextHolder.getLocale()));
        }
        return "redirect:/domains/" + id + "#scan-results";
    }

    @PostMapping("/domains/{id}/exceptions/{exceptionId}/revoke")
    String revoke(@PathVariable long id, @PathVariable long exceptionId, RedirectAttributes redirect) {
        scans.revokeException(id, exceptionId);
        redirect.addFlashAttribute("flash", message("scanning.exception.revoked"));
        return "redirect:/domains/" + id + "#scan-results";
    }

    @GetMapping("/scans")
    String scans(Model model) {
        model.addAttribute("scans", scans.recentScans());
        model.addAttribute("now", Instant.now());
        return SCANS;
    }

    @PostMapping("/scans")
    String scanNow(@RequestParam(defaultValue = "all") String scope, @RequestParam(required = false) String tag,
            @RequestParam(name = "domainId", required = false) List<Long> domainIds,
            @RequestParam(defaultValue = "") String from, RedirectAttributes redirect) {
        ScanSelection selection = switch (scope) {
            case "tag" -> new ScanSelection.Tag(tag);
            case "domains" -> new ScanSelection.Domains(domainIds == null ? List.of() : domainIds);
            default -> new ScanSelection.All();
        };
        try {
            long id = scans.scanNow(selection);
            return "redirect:/scans/" + id;
        } catch (ScanValidationException e) {
            redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.getMessage(),
                    LocaleContextHolder.getLocale()));
            // the domain list's picker sends its users back to it with the message
            return "domains".equals(from) ? "redirect:/domains" : "redirect:/scans";
        }
    }

    @GetMapping("/scans/{id}")
    String scan(@PathVariable long id, Model model) {
        progressModel(scans.progress(id), model);
        return SCAN;
    }

    /** The progress fragment, polled by htmx until the scan is finished. */
    @GetMapping("/scans/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        progressModel(scans.progress(id), model);
        return PROGRESS;
    }

    @PostMapping("/scans/{id}/cancel")
    String cancel(@PathVariable long id, RedirectAttributes redirect) {
        scans.cancel(id);
        redirect.addFlashAttribute("flash", message("scanning.scan.cancelled"));
        return "redirect:/scans/" + id;
    }

    @GetMapping("/changes")
    String changes(@RequestParam Optional<String> domain, @RequestParam Optional<String> check,
            @RequestParam Optional<String> direction, @RequestParam(defaultValue = "0") int page, Model model) {
        Optional<ChangeDirection> dir = direction.filter(d -> !d.isBlank()).flatMap(ScanController::direction);
        model.addAttribute("changes", scans.changes(domain, check, dir, page));
        model.addAttribute("domain", domain.orElse(""));
        model.addAttribute("check", check.orElse(""));
        model.addAttribute("direction", dir.map(Enum::name).orElse(""));
        model.addAttribute("directions", ChangeDirection.values());
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("pageSize", ScanService.CHANGES_PAGE);
        return CHANGES;
    }

    private static Optional<ChangeDirection> direction(String s) {
        try {
            return Optional.of(ChangeDirection.valueOf(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void progressModel(ScanProgress p, Model model) {
        Instant now = Instant.now();
        model.addAttribute("scan", p);
        model.addAttribute("etaSeconds", p.eta(now).map(d -> d.toSeconds()).orElse(null));
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
