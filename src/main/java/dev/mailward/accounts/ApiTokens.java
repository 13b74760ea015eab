package dev.mailward.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens: every signed-in user manages their own, admins see and revoke everyone's.
 * A token acts with its role (at most its owner's) and its owner's teams, so an API call sees
 * exactly what the owner would see in the console with that role. Tokens are managed only from
 * a password session: a request authenticated by a token may not create or revoke tokens, so a
 * leaked token cannot mint itself successors.
 *
 * <p>Rule failures throw {@link AccountChangeRejected}; an unknown id (or another user's token)
 * {@link NoSuchAccount}. Publishes {@link ApiTokenCreated} and {@link ApiTokenRevoked}.
 */
@Service
public class ApiTokens {

    /** Most tokens the admin list shows (newest first). */
    public static final int ADMIN_LIST_LIMIT = 500;

    private final ApiTokenService service;

    ApiTokens(ApiTokenService service) {
        this.service = service;
    }

    /** Creates a token for the acting user; the returned secret is shown once. */
    @PreAuthorize("isAuthenticated()")
    public CreatedApiToken create(CreateApiToken cmd) {
        return service.create(passwordUser(), cmd);
    }

    /** The acting user's tokens, newest first, revoked and expired ones included. */
    @PreAuthorize("isAuthenticated()")
    public List<ApiTokenView> mine() {
        return service.tokensOf(CurrentUser.scope().userId());
    }

    /** Revokes one of the acting user's tokens. */
    @PreAuthorize("isAuthenticated()")
    public void revokeMine(long tokenId) {
        service.revoke(tokenId, Optional.of(passwordUser()), CurrentUser.actorName());
    }

    /** Every user's tokens, newest first, at most {@link #ADMIN_LIST_LIMIT}. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<ApiTokenView> all() {
        return service.all(ADMIN_LIST_LIMIT);
    }

    /** Revokes any user's token. */
    @PreAuthorize("hasRole('ADMIN')")
    public void revoke(long tokenId) {
        if (CurrentUser.viaApiToken()) {
            throw new AccessDeniedException("tokens are managed from a signed-in session, not with a token");
        }
        service.revoke(tokenId, Optional.empty(), CurrentUser.actorName());
    }

    private static long passwordUser() {
        if (CurrentUser.viaApiToken()) {
            throw new AccessDeniedException("tokens are managed from a signed-in session, not with a token");
        }
        return CurrentUser.scope().userId();
    }
}
