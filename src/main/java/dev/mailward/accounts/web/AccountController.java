package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.AccountSessions;
import dev.mailward.accounts.Accounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Every user's own account page: profile, password change and where they are signed in. */
@Controller
class AccountController {

    static final String VIEW = "accounts/account";

    private final Accounts accounts;
    private final AccountSessions accountSessions;
    private final Messages messages;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    AccountController(Accounts accounts, AccountSessions accountSessions, Messages messages) {
        this.accounts = accounts;
        this.accountSessions = accountSessions;
        this.messages = messages;
    }

    @GetMapping("/account")
    String show(Model model) {
        model.addAttribute("me", accounts.me());
        model.addAttribute("mustChangePassword", accounts.mustChangePassword());
        model.addAttribute("fieldErrors", Map.of());
        model.addAttribute("sessions", accountSessions.mine());
        return VIEW;
    }

    @PostMapping("/account/password")
    String changePassword(
            @RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String confirmPassword,
            Model model,
            RedirectAttributes redirect,
            HttpServletRequest request,
            HttpServletResponse response) {
        try {
            if (!newPassword.equals(confirmPassword)) {
                throw new AccountChangeRejected("confirmPassword", "accounts.password.mismatch", "passwords differ");
            }
            accounts.changeOwnPassword(currentPassword, newPassword);
        } catch (AccountChangeRejected e) {
            model.addAttribute("me", accounts.me());
            model.addAttribute("mustChangePassword", accounts.mustChangePassword());
            model.addAttribute("fieldErrors", messages.fieldError(e));
            model.addAttribute("sessions", accountSessions.mine());
            return VIEW;
        }
        // this session survives the change (every other one of the user ends): it keeps the account's new
        // state, under a new id
        sessions.saveContext(SecurityContextHolder.getContext(), request, response);
        request.changeSessionId();
        redirect.addFlashAttribute("flash", messages.get("accounts.password.changed"));
        return "redirect:/account";
    }
}
