package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.SignInSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** How people sign in: the single sign-on providers, and the switch of local password sign-in. */
@Controller
@RequestMapping("/admin/sign-in")
class AdminSignInController {

    static final String VIEW = "accounts/admin-sign-in";

    private final SignInSettings signIn;
    private final Messages messages;

    AdminSignInController(SignInSettings signIn, Messages messages) {
        this.signIn = signIn;
        this.messages = messages;
    }

    @GetMapping
    String show(Model model) {
        model.addAttribute("providers", signIn.providers());
        model.addAttribute("passwordOpen", signIn.passwordOpenToAll());
        model.addAttribute("breakGlass", String.join(", ", signIn.breakGlass()));
        return VIEW;
    }

    @PostMapping("/password")
    String password(@RequestParam(defaultValue = "true") boolean open, RedirectAttributes redirect) {
        try {
            signIn.setPasswordOpenToAll(open);
            redirect.addFlashAttribute(
                    "flash",
                    messages.get(open ? "accounts.sign-in.password-opened" : "accounts.sign-in.password-closed"));
        } catch (AccountChangeRejected e) {
            redirect.addFlashAttribute("flashError", messages.get(e.messageKey(), e.arguments()));
        }
        return "redirect:/admin/sign-in";
    }
}
