package dev.mailward.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;

/**
 * The authenticated user in the security context. A console session keeps the principal it was opened
 * with, and {@link AccountSessionFilter} gives every request one built afresh from the account as it is
 * now; {@link #sessionEpoch()} says which account state the session was opened under. A request
 * authenticated with an API token holds the owner with the token's role (never above the owner's), and
 * remembers the token's id.
 */
final class AccountPrincipal extends User {

    // stored with the session in PostgreSQL: a fixed version keeps sessions readable across releases
    private static final long serialVersionUID = 1L;

    private final AccessScope scope;
    private final long sessionEpoch;
    private final Long tokenId;
    private final String tokenPrefix;

    AccountPrincipal(UserAccount account) {
        this(account.state(), account.passwordHash());
    }

    /** The account as it is now, for a session opened under {@code now.sessionEpoch()}. */
    AccountPrincipal(AccountState now, String passwordHash) {
        super(
                now.scope().username(),
                passwordHash,
                now.enabled(),
                true,
                true,
                true,
                List.of(new SimpleGrantedAuthority(now.scope().role().authority())));
        this.scope = now.scope();
        this.sessionEpoch = now.sessionEpoch();
        this.tokenId = null;
        this.tokenPrefix = null;
    }

    /** The owner acting through a token: the lesser of the token's and the owner's role, the owner's teams. */
    AccountPrincipal(UserAccount owner, ApiToken token) {
        super(
                owner.username(),
                "",
                owner.enabled(),
                true,
                true,
                true,
                List.of(new SimpleGrantedAuthority(
                        Role.lesser(token.role(), owner.role()).authority())));
        AccessScope own = owner.scope();
        this.scope =
                new AccessScope(own.userId(), own.username(), Role.lesser(token.role(), owner.role()), own.teamIds());
        this.sessionEpoch = owner.sessionEpoch();
        this.tokenId = token.id();
        this.tokenPrefix = token.prefix();
    }

    /**
     * Makes this principal the acting one of the current thread, in a fresh security context (never the
     * session's stored one, which a caller saves explicitly when it means to).
     *
     * @param details the request details to carry over (client address), or {@code null}
     */
    void actAsThisThread(Object details) {
        UsernamePasswordAuthenticationToken auth =
                UsernamePasswordAuthenticationToken.authenticated(this, null, getAuthorities());
        auth.setDetails(details);
        SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(auth);
        contexts.setContext(context);
    }

    AccessScope scope() {
        return scope;
    }

    long userId() {
        return scope.userId();
    }

    /** The account's session epoch when this principal was made (for a session: when it was opened). */
    long sessionEpoch() {
        return sessionEpoch;
    }

    /** The public part of the token ({@code mw_<prefix>}), empty for a password login. */
    Optional<String> tokenLabel() {
        return Optional.ofNullable(tokenPrefix).map(p -> "mw_" + p);
    }

    /** The token this request authenticated with, empty for a password login. */
    Optional<Long> tokenId() {
        return Optional.ofNullable(tokenId);
    }
}
