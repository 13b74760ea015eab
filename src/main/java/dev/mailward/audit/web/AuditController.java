package dev.mailward.audit.web;

import dev.mailward.audit.AuditEntry;
import dev.mailward.audit.AuditLog;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page (admins only, by the URL rule on {@code /admin/**}). */
@Controller
class AuditController {

    static final String VIEW = "audit/log";
    static final int PAGE_SIZE = 50;

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/admin/audit")
    String list(@RequestParam(defaultValue = "") String action, @RequestParam(defaultValue = "") String actor,
            @RequestParam(defaultValue = "0") int page, Model model) {
        int p = Math.clamp(page, 0, 100_000);
        Page<AuditEntry> entries = auditLog.search(action, actor, PageRequest.of(p, PAGE_SIZE));
        model.addAttribute("entries", entries);
        model.addAttribute("actions", auditLog.actions());
        model.addAttribute("action", action);
        model.addAttribute("actor", actor);
        return VIEW;
    }
}
