package dev.mailward.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password authentication (form login and HTTP Basic alike) behind the login throttle. An attempt
 * first reserves a password check ({@link LoginAttempts#reserve}): a blocked address, a locked
 * (account, address) pair or a delayed account is refused before the password is even looked at,
 * so the right password does not help then; then it waits for a free check on this instance, and
 * only then is the password hashed, with no database connection held meanwhile. Every reserved
 * check is judged or given back. An unknown user name is refused like a wrong password.
 */
final class ThrottlingAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider delegate;
    private final LoginAttempts attempts;
    private final LongPredicate hasSecondFactor;
    private final SignInSettings signIn;

    ThrottlingAuthenticationProvider(
            DaoAuthenticationProvider delegate,
            LoginAttempts attempts,
            LongPredicate hasSecondFactor,
            SignInSettings signIn) {
        this.delegate = delegate;
        this.signIn = signIn;
        this.attempts = attempts;
        this.hasSecondFactor = hasSecondFactor;
    }

    static String sourceAddress(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null) {
            String address = d.getRemoteAddress();
            return address.length() > 64 ? address.substring(0, 64) : address;
        }
        return "unknown";
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        // switched off: refused before any password is checked, so that nothing is learnt from the answer
        signIn.checkPasswordAllowed(authentication.getName(), sourceAddress(authentication));
        LoginAttempts.Reservation reservation =
                attempts.reserve(authentication.getName(), sourceAddress(authentication));
        attempts.startCheck(reservation);
        Authentication result;
        try {
            result = attempts.onCheckThread(() -> delegate.authenticate(authentication));
        } catch (BadCredentialsException | DisabledException e) {
            attempts.endCheck();
            // a disabled account answers like a wrong password and counts like one
            Optional<Instant> blocked =
                    attempts.failed(reservation, e instanceof DisabledException ? "disabled" : "bad-credentials");
            if (blocked.isPresent()) {
                throw new LoginThrottledException(blocked.get());
            }
            throw e instanceof DisabledException ? new BadCredentialsException("Bad credentials") : e;
        } catch (RuntimeException | Error e) {
            attempts.endCheck();
            attempts.released(reservation);
            throw e;
        }
        attempts.endCheck();
        if (result.getPrincipal() instanceof AccountPrincipal p && hasSecondFactor.test(p.userId())) {
            attempts.released(reservation);
        } else {
            attempts.succeeded(reservation);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
