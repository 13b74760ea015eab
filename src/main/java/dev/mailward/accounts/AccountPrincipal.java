package dev.mailward.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * The authenticated user in the security context; carries the scope captured at login. A request
 * authenticated with an API token holds the owner with the token's role (never above the owner's),
 * and remembers the token's id.
 */
final class AccountPrincipal extends User {

    private final AccessScope scope;
    private final Long tokenId;

    AccountPrincipal(UserAccount account) {
        super(account.username(), account.passwordHash(), account.enabled(), true, true, true,
                List.of(new SimpleGrantedAuthority(account.role().authority())));
        this.scope = account.scope();
        this.tokenId = null;
    }

    /** The owner acting through a token: the lesser of the token's and the owner's role, the owner's teams. */
    AccountPrincipal(UserAccount owner, ApiToken token) {
        super(owner.username(), "", owner.enabled(), true, true, true,
                List.of(new SimpleGrantedAuthority(Role.lesser(token.role(), owner.role()).authority())));
        AccessScope own = owner.scope();
        this.scope = new AccessScope(own.userId(), own.username(), Role.lesser(token.role(), owner.role()),
                own.teamIds());
        this.tokenId = token.id();
    }

    AccessScope scope() {
        return scope;
    }

    long userId() {
        return scope.userId();
    }

    /** The token this request authenticated with, empty for a password login. */
    Optional<Long> tokenId() {
        return Optional.ofNullable(tokenId);
    }
}
