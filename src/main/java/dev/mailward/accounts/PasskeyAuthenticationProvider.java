package dev.mailward.accounts;

import dev.mailward.shared.AuditableAction;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A passkey sign-in (Spring Security's WebAuthn assertion), held to the rules of a password sign-in: the
 * login throttle first (the account the passkey belongs to, from this address; a blocked address or locked
 * account is refused before the signature is even checked), then the assertion (signature, challenge, origin,
 * relying party id, user verification), then the account as it is now (a disabled account is refused like a
 * wrong passkey). The result is an {@link AccountPrincipal}, as after a password. Every outcome is audited with
 * the method {@code PASSKEY}.
 */
final class PasskeyAuthenticationProvider implements AuthenticationProvider {

    private final WebAuthnRelyingPartyOperations relyingParty;
    private final PasskeyRepository passkeys;
    private final LoginAttempts attempts;
    private final AccountService accounts;
    private final ApplicationEventPublisher events;

    PasskeyAuthenticationProvider(
            WebAuthnRelyingPartyOperations relyingParty,
            PasskeyRepository passkeys,
            LoginAttempts attempts,
            AccountService accounts,
            ApplicationEventPublisher events) {
        this.relyingParty = relyingParty;
        this.passkeys = passkeys;
        this.attempts = attempts;
        this.accounts = accounts;
        this.events = events;
    }

    /** The client address of the current request, as a password sign-in records it. */
    static String currentAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest request = a.getRequest();
            String address =
                    new WebAuthenticationDetailsSource().buildDetails(request).getRemoteAddress();
            if (address != null) {
                return address.length() > 64 ? address.substring(0, 64) : address;
            }
        }
        return "unknown";
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        RelyingPartyAuthenticationRequest request =
                ((WebAuthnAuthenticationRequestToken) authentication).getWebAuthnRequest();
        String credentialId = request.getPublicKey().getRawId().toBase64UrlString();
        // a passkey no longer registered (removed) counts against the account its user handle names, if any;
        // one nobody knows like an unknown user name
        Optional<String> owner = passkeys.owner(credentialId);
        Bytes userHandle = request.getPublicKey().getResponse().getUserHandle();
        String username = owner.or(() ->
                        userHandle == null ? Optional.empty() : passkeys.ownerOfHandle(userHandle.toBase64UrlString()))
                .orElse("");
        String address = currentAddress();
        LoginAttempts.Reservation reservation = attempts.reserve(username, address);
        try {
            relyingParty.authenticate(request);
        } catch (RuntimeException e) {
            throw failed(reservation, owner.isPresent() ? "wrong-passkey" : "unknown-passkey", credentialId);
        }
        Optional<AccountState> now =
                accounts.findUser(username).flatMap(u -> accounts.state(u.id())).filter(AccountState::enabled);
        if (now.isEmpty()) {
            throw failed(reservation, "disabled", credentialId);
        }
        attempts.succeeded(reservation);
        AccountPrincipal principal = new AccountPrincipal(now.get(), "");
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    }

    private AuthenticationException failed(LoginAttempts.Reservation reservation, String reason, String credentialId) {
        events.publishEvent(new AuditableAction(
                reservation.username().isEmpty() ? "unknown" : reservation.username(),
                reservation.address(),
                "login.passkey.failed",
                "user:" + reservation.username(),
                "method=" + SecondFactorMethod.PASSKEY + " reason=" + reason
                        + (reservation.userId() == null ? " (no such user)" : "")));
        Optional<Instant> blocked = attempts.failed(reservation, reason);
        if (blocked.isPresent()) {
            return new LoginThrottledException(blocked.get());
        }
        return new BadCredentialsException("passkey refused: " + credentialId);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }
}
