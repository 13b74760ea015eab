package dev.mailward.shared;

import jakarta.servlet.Filter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * What the module that knows the users adds to the session chain (form login, everything outside
 * {@code /api/**}) of the one security configuration ({@code shared.SecurityConfiguration}). The
 * web kernel declares it so that it uses no other module; the accounts module provides the one
 * bean. The login form's user name and password go through the application's
 * {@code AuthenticationManager} bean.
 *
 * @param sessionCheck judges a signed-in session's account as it is now (disabled, role or teams
 *     changed, sessions ended); runs before anonymous authentication
 * @param loginSucceeded where a successful login goes (and what it records)
 * @param loginFailed where a failed or throttled login goes
 * @param roleRules the URL rules that need a role, asked after the public paths (login page,
 *     static files, health, error page) and before "every other request needs a signed-in user"
 */
public record SessionChainContribution(
        Filter sessionCheck,
        AuthenticationSuccessHandler loginSucceeded,
        AuthenticationFailureHandler loginFailed,
        Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry>
                roleRules) {}
