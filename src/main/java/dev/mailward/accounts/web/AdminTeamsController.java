package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administration of teams: list, create, rename. */
@Controller
@RequestMapping("/admin/teams")
class AdminTeamsController {

    static final String LIST = "accounts/admin-teams";

    private final Accounts accounts;
    private final Messages messages;

    AdminTeamsController(Accounts accounts, Messages messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        return show(model, Map.of(), "");
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String name, Model model, RedirectAttributes redirect) {
        TeamRef team;
        try {
            team = accounts.createTeam(name);
        } catch (AccountChangeRejected e) {
            return show(model, messages.fieldError(e), name);
        }
        redirect.addFlashAttribute("flash", messages.get("accounts.team.created", team.name()));
        return "redirect:/admin/teams";
    }

    @PostMapping("/{id}")
    String rename(@PathVariable long id, @RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
        try {
            TeamRef team = accounts.renameTeam(id, name);
            redirect.addFlashAttribute("flash", messages.get("accounts.team.renamed", team.name()));
        } catch (AccountChangeRejected e) {
            redirect.addFlashAttribute("flashError", messages.get(e.messageKey(), e.arguments()));
        }
        return "redirect:/admin/teams";
    }

    private String show(Model model, Map<String, String> fieldErrors, String name) {
        model.addAttribute("teams", accounts.teams());
        model.addAttribute("fieldErrors", fieldErrors);
        model.addAttribute("newName", name);
        return LIST;
    }
}
