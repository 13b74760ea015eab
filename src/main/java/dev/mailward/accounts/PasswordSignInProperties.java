package dev.mailward.accounts;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Local password sign-in beside single sign-on ({@code mailward.accounts.password-sign-in.*}).
 *
 * @param enabled whether every local account may sign in with its password (default true); false: only the
 *     break-glass accounts. An admin's choice on {@code /admin/sign-in} overrides it (stored in the database)
 * @param breakGlass user names that may always sign in with their password (default {@code admin}, the first
 *     admin); API tokens are never concerned
 */
@Validated
@ConfigurationProperties(prefix = "mailward.accounts.password-sign-in")
public record PasswordSignInProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("admin") List<String> breakGlass) {

    /** Whether {@code username} is a break-glass account. */
    boolean isBreakGlass(String username) {
        String u = LoginAttempts.normalize(username);
        return breakGlass.stream().map(LoginAttempts::normalize).anyMatch(u::equals);
    }
}
