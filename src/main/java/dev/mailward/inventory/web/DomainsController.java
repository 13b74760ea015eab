package dev.mailward.inventory.web;

import dev.mailward.inventory.BulkChange;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.DomainQuery;
import dev.mailward.inventory.ImportReport;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.InventoryValidationException;
import dev.mailward.inventory.WorstStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The domain pages: list with live search, sorting and filters, onboarding, bulk import and export, bulk
 * delete and re-tag (each confirmed on a page that lists what will change), details, edit, delete.
 */
@Controller
@RequestMapping("/domains")
class DomainsController {

    static final String LIST = "inventory/domains";
    static final String RESULTS = "inventory/domains :: results";
    static final String DETAIL = "inventory/domain";
    static final String FORM = "inventory/domain-form";
    static final String IMPORT = "inventory/import";
    static final String BULK = "inventory/bulk";

    private final InventoryService inventory;
    private final InventoryMessages messages;

    DomainsController(InventoryService inventory, InventoryMessages messages) {
        this.inventory = inventory;
        this.messages = messages;
    }

    @GetMapping
    String list(
            @RequestParam Optional<String> q,
            @RequestParam Optional<Long> team,
            @RequestParam Optional<String> tag,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam Optional<String> sort,
            @RequestParam Optional<String> dir,
            @RequestParam Optional<String> status,
            @RequestHeader(name = "HX-Request", required = false) String hx,
            Model model) {
        DomainQuery query = new DomainQuery(
                q,
                team,
                tag,
                page,
                DomainListLinks.sort(sort.orElse(null)),
                dir.filter("desc"::equalsIgnoreCase).isPresent(),
                WorstStatus.parse(status.orElse(null)));
        model.addAttribute("query", query);
        model.addAttribute("links", new DomainListLinks(query));
        model.addAttribute("healthFilters", WorstStatus.values());
        model.addAttribute("domains", inventory.domains(query));
        if (hx != null) {
            return RESULTS;
        }
        model.addAttribute("teams", inventory.visibleTeams());
        model.addAttribute("tags", inventory.tags());
        return LIST;
    }

    /** The domains of the list (its filters, every page) as a CSV in the import format. */
    @GetMapping("/export.csv")
    void export(
            @RequestParam Optional<String> q,
            @RequestParam Optional<Long> team,
            @RequestParam Optional<String> tag,
            @RequestParam Optional<String> status,
            HttpServletResponse response)
            throws IOException {
        DomainQuery query =
                new DomainQuery(q, team, tag, 0, DomainQuery.Sort.NAME, false, WorstStatus.parse(status.orElse(null)));
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"domains.csv\"");
        try (Writer out = new BufferedWriter(
                new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024)) {
            inventory.exportDomains(query, out);
        }
    }

    /** The confirmation page of a bulk delete or re-tag: what will change; nothing changes yet. */
    @PostMapping("/bulk")
    String confirmBulk(
            @RequestParam(name = "domainId", required = false) List<Long> ids,
            @RequestParam(defaultValue = "retag") String action,
            @RequestParam(defaultValue = "") String addTags,
            @RequestParam(defaultValue = "") String removeTags,
            Model model,
            RedirectAttributes redirect) {
        boolean delete = "delete".equals(action);
        try {
            model.addAttribute(
                    "changes",
                    delete
                            ? inventory.previewBulk(ids == null ? List.of() : ids, List.of(), List.of())
                            : inventory.previewBulk(ids == null ? List.of() : ids, split(addTags), split(removeTags)));
        } catch (InventoryValidationException e) {
            redirect.addFlashAttribute(
                    "flashError", messages.fieldError(e).values().iterator().next());
            return "redirect:/domains";
        }
        model.addAttribute("delete", delete);
        model.addAttribute("addTags", addTags);
        model.addAttribute("removeTags", removeTags);
        return BULK;
    }

    @PostMapping("/bulk/delete")
    String bulkDelete(@RequestParam(name = "domainId", required = false) List<Long> ids, RedirectAttributes redirect) {
        try {
            int n = inventory.removeDomains(ids == null ? List.of() : ids).size();
            redirect.addFlashAttribute("flash", messages.get("inventory.bulk.removed", n));
        } catch (InventoryValidationException e) {
            redirect.addFlashAttribute(
                    "flashError", messages.fieldError(e).values().iterator().next());
        }
        return "redirect:/domains";
    }

    @PostMapping("/bulk/retag")
    String bulkRetag(
            @RequestParam(name = "domainId", required = false) List<Long> ids,
            @RequestParam(defaultValue = "") String addTags,
            @RequestParam(defaultValue = "") String removeTags,
            RedirectAttributes redirect) {
        try {
            long n = inventory.retagDomains(ids == null ? List.of() : ids, split(addTags), split(removeTags)).stream()
                    .filter(BulkChange::changesTags)
                    .count();
            redirect.addFlashAttribute("flash", messages.get("inventory.bulk.retagged", n));
        } catch (InventoryValidationException e) {
            redirect.addFlashAttribute(
                    "flashError", messages.fieldError(e).values().iterator().next());
        }
        return "redirect:/domains";
    }

    private static List<String> split(String tags) {
        return List.of(tags.split("[,;|\\s]+")).stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    @GetMapping("/new")
    String newForm(Model model) {
        var teams = inventory.writableTeams();
        model.addAttribute(
                "form",
                DomainForm.empty(teams.isEmpty() ? null : teams.getFirst().id()));
        return form(model, null);
    }

    @PostMapping
    String create(@ModelAttribute("form") DomainForm form, Model model, RedirectAttributes redirect) {
        try {
            DomainDetails d = inventory.addDomain(form.toAdd());
            redirect.addFlashAttribute("flash", messages.get("inventory.domain.added", d.displayName()));
            return "redirect:/domains/" + d.id();
        } catch (InventoryValidationException e) {
            model.addAttribute("errors", messages.fieldError(e));
            return form(model, null);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("domain", inventory.domain(id));
        return DETAIL;
    }

    @GetMapping("/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        DomainDetails d = inventory.domain(id);
        model.addAttribute("form", DomainForm.of(d));
        return form(model, d);
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable long id, @ModelAttribute("form") DomainForm form, Model model, RedirectAttributes redirect) {
        try {
            DomainDetails d = inventory.updateDomain(id, form.toUpdate());
            redirect.addFlashAttribute("flash", messages.get("inventory.domain.saved", d.displayName()));
            return "redirect:/domains/" + id;
        } catch (InventoryValidationException e) {
            model.addAttribute("errors", messages.fieldError(e));
            return form(model, inventory.domain(id));
        }
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        DomainDetails d = inventory.domain(id);
        inventory.removeDomain(id);
        redirect.addFlashAttribute("flash", messages.get("inventory.domain.removed", d.displayName()));
        return "redirect:/domains";
    }

    @PostMapping("/{id}/discover")
    String discover(@PathVariable long id, RedirectAttributes redirect) {
        DomainDetails d = inventory.rediscover(id);
        redirect.addFlashAttribute(
                "flash",
                messages.get(
                        "inventory.domain.rediscovered",
                        d.displayName(),
                        messages.get("inventory.discovery." + d.discoveryStatus())));
        return "redirect:/domains/" + id;
    }

    @GetMapping("/import")
    String importForm(Model model) {
        model.addAttribute("teams", inventory.writableTeams());
        return IMPORT;
    }

    @PostMapping("/import")
    String importDomains(
            @RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String text,
            @RequestParam Optional<Long> team,
            Model model)
            throws IOException {
        byte[] content = file != null && !file.isEmpty()
                ? file.getBytes()
                : (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        model.addAttribute("teams", inventory.writableTeams());
        model.addAttribute("selectedTeam", team.orElse(null));
        try {
            ImportReport report = inventory.importDomains(content, team);
            model.addAttribute("report", report);
            model.addAttribute(
                    "flash",
                    messages.get(
                            "inventory.import.done",
                            report.imported(),
                            report.errors().size()));
        } catch (InventoryValidationException e) {
            model.addAttribute("errors", messages.fieldError(e));
            model.addAttribute("text", text);
        }
        return IMPORT;
    }

    private String form(Model model, DomainDetails existing) {
        model.addAttribute("teams", inventory.writableTeams());
        model.addAttribute("domain", existing);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return FORM;
    }
}
