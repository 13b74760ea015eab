package dev.mailward.accounts;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The user service of the OAuth2 login: Spring Security's (the verified ID token, the user info) followed by
 * {@link OidcSignIn}, which finds or creates the account and syncs its role and teams. A refused sign-on is an
 * {@link OAuth2AuthenticationException} with the error code {@value #REFUSED} and the reason as description;
 * an accepted one carries the account's id to the success handler, which makes the session's principal an
 * {@link AccountPrincipal}.
 */
final class OidcAccountUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The OAuth2 error code of a sign-on refused by the console (not by the provider). */
    static final String REFUSED = "mailward_refused";

    private final OidcUserService delegate = new OidcUserService();
    private final OidcSignIn signIn;

    OidcAccountUserService(OidcSignIn signIn) {
        this.signIn = signIn;
    }

    /** The provider's user, and the console account it signed in as. */
    static final class LinkedOidcUser extends DefaultOidcUser {

        private static final long serialVersionUID = 1L;

        private final long userId;

        LinkedOidcUser(OidcUser user, Collection<? extends GrantedAuthority> authorities, long userId) {
            super(authorities, user.getIdToken(), user.getUserInfo());
            this.userId = userId;
        }

        long userId() {
            return userId;
        }
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        String issuer = user.getIdToken().getIssuer() == null
                ? request.getClientRegistration().getProviderDetails().getIssuerUri()
                : user.getIdToken().getIssuer().toString();
        Map<String, Object> claims = user.getClaims();
        try {
            AccountState state = signIn.signIn(issuer, user.getSubject(), claims, address());
            return new LinkedOidcUser(user, user.getAuthorities(), state.scope().userId());
        } catch (OidcSignIn.Refused r) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(REFUSED, r.refusal().code(), null), r.getMessage());
        }
    }

    private static String address() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest request = a.getRequest();
            String address = request.getRemoteAddr();
            return address == null ? "unknown" : address.length() > 64 ? address.substring(0, 64) : address;
        }
        return "unknown";
    }
}
