package dev.mailward.audit.web;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
import dev.mailward.audit.AuditEntry;
import dev.mailward.audit.AuditLog;
import dev.mailward.audit.AuditQuery;
import dev.mailward.shared.Csv;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log page and its CSV export, for admins (every entry) and auditors (the entries of
 * their teams); the URL rules admit only these two roles, and {@link AuditLog} checks again.
 * {@code /admin/audit} is the same page under the administration section.
 */
@Controller
class AuditController {

    static final String VIEW = "audit/log";
    static final int PAGE_SIZE = 50;

    private final AuditLog auditLog;
    private final Accounts accounts;

    AuditController(AuditLog auditLog, Accounts accounts) {
        this.auditLog = auditLog;
        this.accounts = accounts;
    }

    @GetMapping({"/audit", "/admin/audit"})
    String list(
            @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        int p = Math.clamp(page, 0, 100_000);
        AccessScope scope = accounts.currentScope();
        Page<AuditEntry> entries =
                auditLog.search(AuditQuery.of(action, actor, from, to), scope, PageRequest.of(p, PAGE_SIZE));
        model.addAttribute("entries", entries);
        model.addAttribute("actions", auditLog.actions());
        model.addAttribute("teamNames", teamNames());
        model.addAttribute("admin", scope.isAdmin());
        model.addAttribute("action", action);
        model.addAttribute("actor", actor);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return VIEW;
    }

    /** Streams the matching entries as CSV (RFC 4180), newest first, without holding them in memory. */
    @GetMapping("/audit.csv")
    void csv(
            @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            HttpServletResponse response)
            throws IOException {
        AccessScope scope = accounts.currentScope();
        Map<Long, String> teams = teamNames();
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mailward-audit.csv\"");
        Writer out = response.getWriter();
        out.write(Csv.row("id", "time_utc", "actor", "source_address", "action", "target", "detail", "team"));
        try {
            auditLog.export(AuditQuery.of(action, actor, from, to), scope, e -> {
                try {
                    out.write(Csv.row(
                            Long.toString(e.id()),
                            e.at().toString(),
                            e.actor(),
                            e.sourceAddress(),
                            e.action(),
                            e.target(),
                            e.detail(),
                            e.teamId() == null ? "" : teams.getOrDefault(e.teamId(), "#" + e.teamId())));
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            });
        } catch (UncheckedIOException e) {
            // a write failed (typically the client went away): report it as the I/O error it is
            throw e.getCause();
        }
        out.flush();
    }

    private Map<Long, String> teamNames() {
        return accounts.teams().stream().collect(Collectors.toMap(TeamRef::id, TeamRef::name, (a, b) -> a));
    }
}
