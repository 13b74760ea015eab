package dev.mailward.results.web;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
import dev.mailward.results.ExceptionEntry;
import dev.mailward.results.ExceptionState;
import dev.mailward.results.ResultService;
import dev.mailward.shared.Csv;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The exceptions page: accepted findings of the user's teams by state ({@link ExceptionState}: active,
 * expiring within 30 days, expired, revoked, all), filtered by team and domain name, paged, and exported as
 * CSV. Every role reads it (auditors included); revoking from it needs ADMIN or OPERATOR of the domain's
 * team, as on the domain page ({@link ResultService#revokeException(long)} refuses the others).
 */
@Controller
class ExceptionsController {

    static final String VIEW = "results/exceptions";

    private final ResultService results;
    private final Accounts accounts;
    private final MessageSource messages;

    ExceptionsController(ResultService results, Accounts accounts, MessageSource messages) {
        this.results = results;
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/exceptions")
    String list(
            @RequestParam(defaultValue = "ACTIVE") ExceptionState state,
            @RequestParam Optional<Long> team,
            @RequestParam(defaultValue = "") String domain,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        var entries = results.exceptionList(state, team, Optional.of(domain), page);
        model.addAttribute("entries", entries);
        model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
        model.addAttribute("state", state);
        model.addAttribute("states", ExceptionState.values());
        model.addAttribute("team", team.orElse(null));
        model.addAttribute("teams", accounts.teamsVisibleTo(accounts.currentScope()));
        model.addAttribute("teamNames", teamNames());
        model.addAttribute("domain", domain);
        model.addAttribute("page", entries.page());
        model.addAttribute("pages", Math.max(1, (entries.total() + entries.pageSize() - 1) / entries.pageSize()));
        return VIEW;
    }

    /** The selected exceptions as CSV (RFC 4180, {@link Csv}), newest first. */
    @GetMapping("/exceptions.csv")
    void csv(
            @RequestParam(defaultValue = "ACTIVE") ExceptionState state,
            @RequestParam Optional<Long> team,
            @RequestParam(defaultValue = "") String domain,
            HttpServletResponse response)
            throws IOException {
        List<ExceptionEntry> rows = results.exceptionExport(state, team, Optional.of(domain));
        Map<Long, String> teams = teamNames();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mailward-exceptions.csv\"");
        Writer out = response.getWriter();
        out.write(Csv.row(
                "id",
                "state",
                "domain",
                "team",
                "check",
                "target",
                "scope",
                "finding_code",
                "reason",
                "accepted_by",
                "accepted_at_utc",
                "expires_on",
                "revoked_by",
                "revoked_at_utc"));
        for (ExceptionEntry e : rows) {
            var f = e.finding();
            out.write(Csv.row(
                    Long.toString(f.id()),
                    ExceptionState.of(e, today).name(),
                    e.domain(),
                    teams.getOrDefault(e.teamId(), "#" + e.teamId()),
                    f.check(),
                    f.target(),
                    f.scope().name(),
                    f.code(),
                    f.reason(),
                    f.createdBy(),
                    f.createdAt().toString(),
                    f.expiresOn().toString(),
                    e.revokedBy().orElse(null),
                    e.revokedAt().map(Object::toString).orElse(null)));
        }
        out.flush();
    }

    /** Revokes an exception from the list and comes back to the same tab and filters. */
    @PostMapping("/exceptions/{id}/revoke")
    String revoke(
            @PathVariable long id,
            @RequestParam(defaultValue = "ACTIVE") ExceptionState state,
            @RequestParam Optional<Long> team,
            @RequestParam(defaultValue = "") String domain,
            RedirectAttributes redirect) {
        results.revokeException(id);
        redirect.addFlashAttribute(
                "flash",
                messages.getMessage("scanning.exception.revoked", null, "Revoked", LocaleContextHolder.getLocale()));
        var back = UriComponentsBuilder.fromPath("/exceptions").queryParam("state", state.name());
        team.ifPresent(t -> back.queryParam("team", t));
        if (!domain.isBlank()) {
            back.queryParam("domain", domain);
        }
        return "redirect:" + back.encode().build().toUriString();
    }

    private Map<Long, String> teamNames() {
        return accounts.teams().stream().collect(Collectors.toMap(TeamRef::id, TeamRef::name, (a, b) -> a));
    }
}
