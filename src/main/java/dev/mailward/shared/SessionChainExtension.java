package dev.mailward.shared;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A further way to sign in that a module adds to the session chain of {@code shared.SecurityConfiguration}
 * (the accounts module's single sign-on: OAuth2 login); applied after the chain's own settings, in bean order.
 * Without such a bean the chain is as it is.
 */
@FunctionalInterface
public interface SessionChainExtension {

    /** Adds the module's configurers to the chain. */
    void extend(HttpSecurity http) throws Exception;
}
