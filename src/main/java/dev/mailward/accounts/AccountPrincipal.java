package dev.mailward.accounts;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The authenticated user in the security context; carries the scope captured at login. */
final class AccountPrincipal extends User {

    private final AccessScope scope;

    AccountPrincipal(UserAccount account) {
        super(account.username(), account.passwordHash(), account.enabled(), true, true, true,
                List.of(new SimpleGrantedAuthority(account.role().authority())));
        this.scope = account.scope();
    }

    AccessScope scope() {
        return scope;
    }

    long userId() {
        return scope.userId();
    }
}
