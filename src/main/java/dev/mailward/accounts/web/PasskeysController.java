package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.Passkeys;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's passkeys ({@code /account/passkeys}): the list with when each was registered and last
 * used, "remove" per passkey, and the form that names a new one. The registration ceremony runs in the browser
 * ({@code js/passkeys.js}) against Spring Security's {@code /webauthn/register} endpoints.
 */
@Controller
class PasskeysController {

    static final String VIEW = "accounts/passkeys";

    private final Passkeys passkeys;
    private final Messages messages;

    PasskeysController(Passkeys passkeys, Messages messages) {
        this.passkeys = passkeys;
        this.messages = messages;
    }

    @GetMapping("/account/passkeys")
    String show(Model model) {
        return page(model, Map.of());
    }

    private String page(Model model, Map<String, String> fieldErrors) {
        model.addAttribute("passkeys", passkeys.mine());
        model.addAttribute("fieldErrors", fieldErrors);
        return VIEW;
    }

    @PostMapping("/account/passkeys/{id}/delete")
    String remove(@PathVariable String id, Model model, RedirectAttributes redirect) {
        try {
            passkeys.remove(id);
        } catch (AccountChangeRejected e) {
            return page(model, messages.fieldError(e));
        }
        redirect.addFlashAttribute("flash", messages.get("accounts.passkeys.removed"));
        return "redirect:/account/passkeys";
    }
}
