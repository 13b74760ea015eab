package dev.mailward.accounts;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting in the current thread (web page, API call or a test's security context). The
 * scope is the one captured when the user authenticated; use {@link Accounts#currentScope()} for
 * one read afresh from the database.
 */
public final class CurrentUser {

    /** Actor name used for changes made by Mailward itself (first start, schedulers). */
    public static final String SYSTEM = "system";

    private CurrentUser() {}

    /**
     * The acting user's scope.
     *
     * @throws AccessDeniedException when no Mailward user is authenticated
     */
    public static AccessScope scope() {
        return optionalScope().orElseThrow(() -> new AccessDeniedException("no authenticated Mailward user"));
    }

    /** The acting user's scope, empty when nobody (or no Mailward user) is authenticated. */
    public static Optional<AccessScope> optionalScope() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof AccountPrincipal p) {
            return Optional.of(p.scope());
        }
        return Optional.empty();
    }

    /** The acting user's name for audit entries: the user name, or {@value #SYSTEM}. */
    public static String actorName() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null
                || !auth.isAuthenticated()
                || auth.getName() == null
                || "anonymousUser".equals(auth.getName())) {
            return SYSTEM;
        }
        return auth.getName();
    }

    /**
     * The public part ({@code mw_<prefix>}) of the API token the current request authenticated
     * with; empty for a password login or outside a request. Never the secret.
     */
    public static Optional<String> apiToken() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof AccountPrincipal p ? p.tokenLabel() : Optional.empty();
    }

    /** Whether the current request authenticated with an API token (rather than a password). */
    public static boolean viaApiToken() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null
                && auth.getPrincipal() instanceof AccountPrincipal p
                && p.tokenId().isPresent();
    }
}
