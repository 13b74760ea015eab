package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountSessions;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The account page's list of the user's own sessions: sign one out, or all but this one. */
@Controller
class AccountSessionsController {

    private static final String BACK = "redirect:/account#sessions";

    private final AccountSessions sessions;
    private final Messages messages;

    AccountSessionsController(AccountSessions sessions, Messages messages) {
        this.sessions = sessions;
        this.messages = messages;
    }

    @PostMapping("/account/sessions/{handle}/sign-out")
    String signOut(@PathVariable String handle, RedirectAttributes redirect) {
        if (sessions.signOut(handle)) {
            redirect.addFlashAttribute("flash", messages.get("accounts.sessions.signed-out"));
        } else {
            redirect.addFlashAttribute("flashError", messages.get("accounts.sessions.gone"));
        }
        return BACK;
    }

    @PostMapping("/account/sessions/sign-out-others")
    String signOutOthers(RedirectAttributes redirect) {
        redirect.addFlashAttribute(
                "flash", messages.get("accounts.sessions.signed-out-others", sessions.signOutOthers()));
        return BACK;
    }
}
