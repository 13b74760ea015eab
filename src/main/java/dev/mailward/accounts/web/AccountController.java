package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.Accounts;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Every user's own account page: profile and password change. */
@Controller
class AccountController {

    static final String VIEW = "accounts/account";

    private final Accounts accounts;
    private final Messages messages;

    AccountController(Accounts accounts, Messages messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/account")
    String show(Model model) {
        model.addAttribute("me", accounts.me());
        model.addAttribute("fieldErrors", Map.of());
        return VIEW;
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String confirmPassword, Model model, RedirectAttributes redirect) {
        try {
            if (!newPassword.equals(confirmPassword)) {
                throw new AccountChangeRejected("confirmPassword", "accounts.password.mismatch", "passwords differ");
            }
            accounts.changeOwnPassword(currentPassword, newPassword);
        } catch (AccountChangeRejected e) {
            model.addAttribute("me", accounts.me());
            model.addAttribute("fieldErrors", messages.fieldError(e));
            return VIEW;
        }
        redirect.addFlashAttribute("flash", messages.get("accounts.password.changed"));
        return "redirect:/account";
    }
}
