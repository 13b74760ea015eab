package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.ApiTokens;
import dev.mailward.accounts.CreateApiToken;
import dev.mailward.accounts.CreatedApiToken;
import dev.mailward.accounts.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API tokens: every user's own ({@code /account/tokens}) and, for admins, everyone's
 * ({@code /admin/tokens}). A new token's secret travels to the next page as a flash attribute
 * (kept in the session only until that page is drawn) and is never shown again.
 */
@Controller
class ApiTokensController {

    static final String MINE = "accounts/tokens";
    static final String ALL = "accounts/admin-tokens";

    private final ApiTokens tokens;
    private final Accounts accounts;
    private final Messages messages;

    ApiTokensController(ApiTokens tokens, Accounts accounts, Messages messages) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.messages = messages;
    }

    /** What the create form shows again after a refusal. */
    record TokenForm(String name, Role role, int validDays) {}

    @GetMapping("/account/tokens")
    String mine(Model model) {
        Role own = accounts.me().role();
        return showMine(model, new TokenForm("", own, 90), Map.of());
    }

    @PostMapping("/account/tokens")
    String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) Role role,
            @RequestParam(defaultValue = "90") int validDays,
            Model model,
            RedirectAttributes redirect) {
        CreatedApiToken created;
        try {
            created = tokens.create(new CreateApiToken(name, role, validDays));
        } catch (AccountChangeRejected e) {
            return showMine(model, new TokenForm(name, role, validDays), messages.fieldError(e));
        }
        redirect.addFlashAttribute("createdToken", created.secret());
        redirect.addFlashAttribute(
                "flash", messages.get("accounts.token.created", created.token().name()));
        return "redirect:/account/tokens";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeMine(@PathVariable long id, RedirectAttributes redirect) {
        tokens.revokeMine(id);
        redirect.addFlashAttribute("flash", messages.get("accounts.token.revoked"));
        return "redirect:/account/tokens";
    }

    @GetMapping("/admin/tokens")
    String all(Model model) {
        model.addAttribute("tokens", tokens.all());
        model.addAttribute("limit", ApiTokens.ADMIN_LIST_LIMIT);
        return ALL;
    }

    @PostMapping("/admin/tokens/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(id);
        redirect.addFlashAttribute("flash", messages.get("accounts.token.revoked"));
        return "redirect:/admin/tokens";
    }

    private String showMine(Model model, TokenForm form, Map<String, String> fieldErrors) {
        Role own = accounts.me().role();
        List<Role> grantable =
                Arrays.stream(Role.values()).filter(own::includes).toList();
        model.addAttribute("tokens", tokens.mine());
        model.addAttribute("roles", grantable);
        model.addAttribute("form", form);
        model.addAttribute("fieldErrors", fieldErrors);
        return MINE;
    }
}
