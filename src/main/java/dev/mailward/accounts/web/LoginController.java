package dev.mailward.accounts.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page and the sign-out page; Spring Security's form login and logout handle the POSTs. A
 * bookmarked or typed {@code /logout} (a GET) gets a page whose button signs out with a POST and the
 * CSRF token, instead of a 404.
 */
@Controller
class LoginController {

    static final String VIEW = "accounts/login";
    static final String LOGOUT_VIEW = "accounts/logout";

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

    @GetMapping("/logout")
    String logout() {
        return LOGOUT_VIEW;
    }
}
