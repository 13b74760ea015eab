package dev.mailward.results.web;

import dev.mailward.results.AcceptFinding;
import dev.mailward.results.ChangeDirection;
import dev.mailward.results.ExceptionScope;
import dev.mailward.results.RejudgeCounts;
import dev.mailward.results.ResultService;
import dev.mailward.results.ResultValidationException;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The domain's results section, accepting and revoking findings, the changes page and its re-judge
 * action.
 */
@Controller
class ResultsController {

    static final String RESULTS = "results/results :: results";
    /** The same section in the layout, for the address opened directly (a bookmark, a new tab). */
    static final String RESULTS_PAGE = "results/page";

    static final String CHANGES = "results/changes";
    static final String OUTAGE = "results/outage :: outage";

    private final ResultService results;
    private final MessageSource messages;

    ResultsController(ResultService results, MessageSource messages) {
        this.results = results;
        this.messages = messages;
    }

    /**
     * The results section of the domain page: the fragment for htmx (the domain pages load it and poll it
     * while a scan runs), a page in the layout for a browser that opened the address itself. With
     * {@code problems=only} the passing results are left out instead of folded.
     */
    @GetMapping("/domains/{id}/results")
    String results(
            @PathVariable long id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestParam(name = "problems", required = false) String problems,
            Model model) {
        model.addAttribute("view", results.domainView(id));
        model.addAttribute("problemsOnly", "only".equals(problems));
        // the "problems only" toggle reloads the page the section is on: the domain page, or this one opened alone
        model.addAttribute("toggleBase", htmx != null ? "/domains/" + id : "/domains/" + id + "/results");
        model.addAttribute("today", LocalDate.now(java.time.ZoneOffset.UTC));
        return htmx != null ? RESULTS : RESULTS_PAGE;
    }

    /**
     * The domain's DNSSEC outage headline, loaded by htmx at the top of the domain page and of its
     * dashboard (empty when there is none).
     */
    @GetMapping("/domains/{id}/outage")
    String outage(@PathVariable long id, Model model) {
        var view = results.domainView(id);
        model.addAttribute("outage", view.outage().orElse(null));
        model.addAttribute("domainId", id);
        return OUTAGE;
    }

    @PostMapping("/domains/{id}/exceptions")
    String accept(
            @PathVariable long id,
            @RequestParam String check,
            @RequestParam String target,
            @RequestParam String code,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
            @RequestParam(defaultValue = "TARGET") ExceptionScope scope,
            RedirectAttributes redirect) {
        try {
            results.acceptFinding(id, new AcceptFinding(check, target, code, reason, expiresOn, scope));
            redirect.addFlashAttribute("flash", message("scanning.exception.accepted", code));
        } catch (ResultValidationException e) {
            redirect.addFlashAttribute(
                    "flashError",
                    messages.getMessage(e.messageKey(), e.args(), e.getMessage(), LocaleContextHolder.getLocale()));
        }
        return "redirect:/domains/" + id + "#scan-results";
    }

    @PostMapping("/domains/{id}/exceptions/{exceptionId}/revoke")
    String revoke(@PathVariable long id, @PathVariable long exceptionId, RedirectAttributes redirect) {
        results.revokeException(id, exceptionId);
        redirect.addFlashAttribute("flash", message("scanning.exception.revoked"));
        return "redirect:/domains/" + id + "#scan-results";
    }

    @GetMapping("/changes")
    String changes(
            @RequestParam Optional<String> domain,
            @RequestParam Optional<String> check,
            @RequestParam Optional<String> direction,
            @RequestParam Optional<Long> scan,
            @RequestParam Optional<String> trend,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Optional<ChangeDirection> dir = direction.filter(d -> !d.isBlank()).flatMap(ResultsController::direction);
        Optional<Boolean> worse =
                trend.filter(t -> t.equals("worse") || t.equals("better")).map(t -> t.equals("worse"));
        model.addAttribute("changes", results.changes(domain, check, dir, scan, worse, page));
        model.addAttribute("scan", scan.orElse(null));
        model.addAttribute("trend", worse.map(w -> w ? "worse" : "better").orElse(null));
        model.addAttribute("domain", domain.orElse(""));
        model.addAttribute("check", check.orElse(""));
        model.addAttribute("direction", dir.map(Enum::name).orElse(""));
        model.addAttribute("directions", ChangeDirection.values());
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("pageSize", ResultService.CHANGES_PAGE);
        return CHANGES;
    }

    /** Judges every domain's latest stored observation again under the current rules (admins; confirmed in the page). */
    @PostMapping("/changes/rejudge")
    String rejudge(RedirectAttributes redirect) {
        RejudgeCounts c = results.rejudgeAll();
        redirect.addFlashAttribute(
                "flash",
                message(
                        "scanning.changes.rejudge.done",
                        c.rejudged(),
                        c.withoutObservation(),
                        c.undecodable(),
                        c.rulesVersion()));
        return "redirect:/changes";
    }

    private static Optional<ChangeDirection> direction(String s) {
        try {
            return Optional.of(ChangeDirection.valueOf(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
