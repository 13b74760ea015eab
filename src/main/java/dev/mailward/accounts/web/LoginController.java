package dev.mailward.accounts.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page; Spring Security's form login handles the POST. */
@Controller
class LoginController {

    static final String VIEW = "accounts/login";

    @GetMapping("/login")
    String login(
            @RequestParam(required = false) String locked, @RequestParam(required = false) String wait, Model model) {
        if (locked != null) {
            // the failure handler sends whole minutes; anything else is someone playing with the URL
            long minutes = locked.matches("\\d{1,4}") ? Math.max(1, Long.parseLong(locked)) : 15;
            model.addAttribute("lockedMinutes", minutes);
        } else if (wait != null) {
            // a delay between attempts on an account, in whole seconds (at most 90, see LoginThrottledException)
            long seconds = wait.matches("\\d{1,2}") ? Math.max(1, Long.parseLong(wait)) : 30;
            model.addAttribute("waitSeconds", seconds);
        }
        return VIEW;
    }
}
