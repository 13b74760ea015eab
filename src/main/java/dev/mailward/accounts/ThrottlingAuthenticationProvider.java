package dev.mailward.accounts;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password authentication (form login and HTTP Basic alike) behind the login throttle: a locked
 * account or address is refused before the password is even looked at, so the right password
 * does not help during a lock.
 */
final class ThrottlingAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider delegate;
    private final LoginAttempts attempts;

    ThrottlingAuthenticationProvider(DaoAuthenticationProvider delegate, LoginAttempts attempts) {
        this.delegate = delegate;
        this.attempts = attempts;
    }

    static String sourceAddress(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null) {
            return d.getRemoteAddress();
        }
        return "unknown";
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String address = sourceAddress(authentication);
        Optional<java.time.Instant> locked = attempts.lockedUntil(username, address);
        if (locked.isPresent()) {
            attempts.refused(username, address, "locked");
            throw new LoginThrottledException(locked.get());
        }
        Authentication result;
        try {
            result = delegate.authenticate(authentication);
        } catch (BadCredentialsException e) {
            Optional<java.time.Instant> lockedNow = attempts.failed(username, address);
            if (lockedNow.isPresent()) {
                throw new LoginThrottledException(lockedNow.get());
            }
            throw e;
        } catch (DisabledException e) {
            attempts.refused(username, address, "disabled");
            throw e;
        }
        if (result != null && result.getPrincipal() instanceof AccountPrincipal p) {
            attempts.succeeded(p.userId());
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
