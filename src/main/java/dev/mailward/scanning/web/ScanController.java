package dev.mailward.scanning.web;

import dev.mailward.scanning.ScanProgress;
import dev.mailward.scanning.ScanSelection;
import dev.mailward.scanning.ScanService;
import dev.mailward.scanning.ScanSummary;
import dev.mailward.scanning.ScanValidationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "Check now", "scan now" with progress and cancel. */
@Controller
class ScanController {

    static final String SCANS = "scanning/scans";
    static final String SCAN = "scanning/scan";
    static final String PROGRESS = "scanning/scan :: progress";
    static final String DOMAINS = "scanning/scan :: domains";
    /** How many of the next scheduled checks the scans page lists. */
    static final int UPCOMING = 10;

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

    @GetMapping("/scans")
    String scans(Model model) {
        List<ScanProgress> recent = scans.recentScans();
        Map<Long, ScanSummary> found = new HashMap<>();
        recent.forEach(s -> found.put(s.id(), scans.summary(s.id())));
        model.addAttribute("scans", recent);
        model.addAttribute("found", found);
        model.addAttribute("upcoming", scans.upcoming(UPCOMING));
        model.addAttribute("scheduled", scans.scheduledDomains());
        model.addAttribute("now", Instant.now());
        return SCANS;
    }

    @PostMapping("/scans")
    String scanNow(
            @RequestParam(defaultValue = "all") String scope,
            @RequestParam(required = false) String tag,
            @RequestParam(name = "domainId", required = false) List<Long> domainIds,
            @RequestParam(defaultValue = "") String from,
            RedirectAttributes redirect) {
        ScanSelection selection = switch (scope) {
            case "tag" -> new ScanSelection.Tag(tag);
            case "domains" -> new ScanSelection.Domains(domainIds == null ? List.of() : domainIds);
            default -> new ScanSelection.All();
        };
        try {
            long id = scans.scanNow(selection);
            return "redirect:/scans/" + id;
        } catch (ScanValidationException e) {
            redirect.addFlashAttribute(
                    "flashError",
                    messages.getMessage(e.messageKey(), e.args(), e.getMessage(), LocaleContextHolder.getLocale()));
            // the domain list's picker sends its users back to it with the message
            return "domains".equals(from) ? "redirect:/domains" : "redirect:/scans";
        }
    }

    @GetMapping("/scans/{id}")
    String scan(@PathVariable long id, @RequestParam(defaultValue = "") String only, Model model) {
        domainsModel(id, only, model);
        return SCAN;
    }

    /** The scan's domains with what each one's scan found, polled by htmx until the scan is finished. */
    @GetMapping("/scans/{id}/domains")
    String domains(@PathVariable long id, @RequestParam(defaultValue = "") String only, Model model) {
        domainsModel(id, only, model);
        return DOMAINS;
    }

    private void domainsModel(long id, String only, Model model) {
        progressModel(scans.progress(id), model);
        boolean errorsOnly = only.equals("errors");
        model.addAttribute("errorsOnly", errorsOnly);
        model.addAttribute("domains", scans.domains(id, errorsOnly));
        model.addAttribute("listLimit", ScanService.LIST_DOMAINS);
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

    private void progressModel(ScanProgress p, Model model) {
        Instant now = Instant.now();
        model.addAttribute("scan", p);
        model.addAttribute("found", scans.summary(p.id()));
        model.addAttribute("etaSeconds", p.eta(now).map(d -> d.toSeconds()).orElse(null));
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
