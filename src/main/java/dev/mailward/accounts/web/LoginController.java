package dev.mailward.accounts.web;

import dev.mailward.accounts.SignInSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page and the sign-out page; Spring Security's form login, OAuth2 login and logout handle the rest.
 * The login page offers a "Sign in with …" button per single sign-on provider and says when password sign-in
 * is kept for the break-glass accounts. A bookmarked or typed {@code /logout} (a GET) gets a page whose button
 * signs out with a POST and the CSRF token, instead of a 404.
 */
@Controller
class LoginController {

    static final String VIEW = "accounts/login";
    static final String LOGOUT_VIEW = "accounts/logout";
    static final String SSO_CONTINUE_VIEW = "accounts/sso-continue";

    private final SignInSettings signIn;

    LoginController(SignInSettings signIn) {
        this.signIn = signIn;
    }

    @GetMapping("/login")
    String login(
            @RequestParam(required = false) String locked,
            @RequestParam(required = false) String wait,
            @RequestParam(name = "sso-refused", required = false) String ssoRefused,
            Model model) {
        if (locked != null) {
            // the failure handler sends whole minutes; anything else is someone playing with the URL
            long minutes = locked.matches("\\d{1,4}") ? Math.max(1, Long.parseLong(locked)) : 15;
            model.addAttribute("lockedMinutes", minutes);
        } else if (wait != null) {
            // a delay between attempts on an account, in whole seconds (at most 90, see LoginThrottledException)
            long seconds = wait.matches("\\d{1,2}") ? Math.max(1, Long.parseLong(wait)) : 30;
            model.addAttribute("waitSeconds", seconds);
        }
        if (ssoRefused != null) {
            // one of the refusals' codes (OidcSignIn); anything else reads as the general one
            model.addAttribute(
                    "ssoRefused", ssoRefused.matches("no-group|no-account|disabled") ? ssoRefused : "no-account");
        }
        model.addAttribute("ssoProviders", signIn.providers());
        model.addAttribute("passwordOpen", signIn.passwordOpenToAll());
        return VIEW;
    }

    /**
     * After a single sign-on: a page without a session (and without the layout, whose CSRF token would open one)
     * that moves on to the console, so that the browser sends its new session cookie.
     */
    @GetMapping("/login/sso-continue")
    String ssoContinue() {
        return SSO_CONTINUE_VIEW;
    }

    @GetMapping("/logout")
    String logout() {
        return LOGOUT_VIEW;
    }
}
