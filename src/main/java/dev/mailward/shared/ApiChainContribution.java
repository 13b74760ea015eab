package dev.mailward.shared;

import jakarta.servlet.Filter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * What the module that knows the users adds to the stateless {@code /api/**} chain of the one
 * security configuration ({@code shared.SecurityConfiguration}). The web kernel declares it so
 * that it uses no other module; the accounts module provides the one bean. User names and
 * passwords (HTTP Basic) go through the application's {@code AuthenticationManager} bean.
 *
 * @param tokenAuthentication authenticates an API token ({@code Authorization: Bearer}); runs
 *     before HTTP Basic and answers a refused or rate-limited token itself
 * @param roleRules the URL rules that need a role; every other request of the chain needs an
 *     authenticated caller
 */
public record ApiChainContribution(
        Filter tokenAuthentication,
        Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry>
                roleRules) {}
