package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CreateUser;
import dev.mailward.accounts.NoSuchAccount;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.SecondFactors;
import dev.mailward.accounts.UpdateUser;
import dev.mailward.accounts.UserView;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administration of users: list, create, edit, reset password, unlock. */
@Controller
@RequestMapping("/admin/users")
class AdminUsersController {

    static final String LIST = "accounts/admin-users";
    static final String NEW = "accounts/admin-user-new";
    static final String EDIT = "accounts/admin-user";

    private final Accounts accounts;
    private final Messages messages;
    private final SecondFactors secondFactors;

    AdminUsersController(Accounts accounts, Messages messages, SecondFactors secondFactors) {
        this.accounts = accounts;
        this.messages = messages;
        this.secondFactors = secondFactors;
    }

    /** What the create form shows again after a refusal; never the password. */
    record NewUserForm(String username, String displayName, Role role, Set<Long> teamIds) {}

    @GetMapping
    String list(Model model) {
        model.addAttribute("users", accounts.users());
        return LIST;
    }

    @GetMapping("/new")
    String newForm(Model model) {
        return showNew(model, new NewUserForm("", "", Role.OPERATOR, Set.of()), Map.of());
    }

    @PostMapping
    String create(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "OPERATOR") Role role,
            @RequestParam(required = false) Set<Long> teamIds,
            @RequestParam(defaultValue = "") String password,
            Model model,
            RedirectAttributes redirect) {
        UserView created;
        try {
            created = accounts.createUser(new CreateUser(username, displayName, role, teamIds, password));
        } catch (AccountChangeRejected e) {
            return showNew(
                    model,
                    new NewUserForm(username, displayName, role, teamIds == null ? Set.of() : teamIds),
                    messages.fieldError(e));
        }
        redirect.addFlashAttribute("flash", messages.get("accounts.user.created", created.username()));
        return "redirect:/admin/users/" + created.id();
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        return showEdit(model, id, Map.of());
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam Role role,
            @RequestParam(required = false) Set<Long> teamIds,
            @RequestParam(defaultValue = "false") boolean enabled,
            Model model,
            RedirectAttributes redirect) {
        UserView user;
        try {
            user = accounts.updateUser(id, new UpdateUser(displayName, role, teamIds, enabled));
        } catch (AccountChangeRejected e) {
            return showEdit(model, id, messages.fieldError(e));
        }
        redirect.addFlashAttribute("flash", messages.get("accounts.user.saved", user.username()));
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/password")
    String resetPassword(
            @PathVariable long id,
            @RequestParam(defaultValue = "generate") String mode,
            @RequestParam(defaultValue = "") String newPassword,
            Model model,
            RedirectAttributes redirect) {
        try {
            if ("set".equals(mode)) {
                accounts.resetPassword(id, newPassword);
                redirect.addFlashAttribute("flash", messages.get("accounts.password.reset"));
            } else {
                // shown once on the next page through a flash attribute, never stored
                redirect.addFlashAttribute("generatedPassword", accounts.resetPasswordToGenerated(id));
                redirect.addFlashAttribute("flash", messages.get("accounts.password.generated"));
            }
        } catch (AccountChangeRejected e) {
            return showEdit(model, id, messages.fieldError(e));
        }
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable long id, RedirectAttributes redirect) {
        accounts.unlock(id);
        redirect.addFlashAttribute("flash", messages.get("accounts.user.unlocked"));
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/second-factor/reset")
    String resetSecondFactor(@PathVariable long id, RedirectAttributes redirect) {
        secondFactors.reset(id);
        redirect.addFlashAttribute("flash", messages.get("accounts.second-factor.reset"));
        return "redirect:/admin/users/" + id;
    }

    private String showNew(Model model, NewUserForm form, Map<String, String> fieldErrors) {
        model.addAttribute("form", form);
        model.addAttribute("roles", Role.values());
        model.addAttribute("teams", accounts.teams());
        model.addAttribute("fieldErrors", fieldErrors);
        return NEW;
    }

    private String showEdit(Model model, long id, Map<String, String> fieldErrors) {
        model.addAttribute("user", accounts.user(id).orElseThrow(() -> new NoSuchAccount("user", id)));
        model.addAttribute("secondFactor", secondFactors.enrolled(id));
        model.addAttribute("roles", Role.values());
        model.addAttribute("teams", accounts.teams());
        model.addAttribute("fieldErrors", fieldErrors);
        return EDIT;
    }
}
