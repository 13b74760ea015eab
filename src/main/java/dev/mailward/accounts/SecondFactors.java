package dev.mailward.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The second factor of local accounts, for the pages: the signed-in user's own enrolment (a TOTP key
 * confirmed by a first code, ten recovery codes shown once), an admin's reset of a user's second factor, and
 * the second step of a sign-in whose password was right ({@link PendingSignIn}). The second step goes through
 * the login throttle like a password: a wrong code counts as a failed login of the account from that address.
 */
@Component
public class SecondFactors {

    private final SecondFactorService service;
    private final AccountService accounts;
    private final LoginAttempts attempts;
    private final Clock clock = Clock.systemUTC();

    SecondFactors(SecondFactorService service, AccountService accounts, LoginAttempts attempts) {
        this.service = service;
        this.accounts = accounts;
        this.attempts = attempts;
    }

    /** The signed-in user's second factor. */
    @PreAuthorize("isAuthenticated()")
    public SecondFactorStatus mine() {
        AccessScope me = CurrentUser.scope();
        return service.status(me.userId(), me.role());
    }

    /** The TOTP key waiting for the signed-in user's first code, if they started an enrolment. */
    @PreAuthorize("isAuthenticated()")
    public Optional<TotpEnrolment> pendingEnrolment() {
        AccessScope me = CurrentUser.scope();
        return service.pendingEnrolment(me.userId(), me.username());
    }

    /**
     * Starts (or restarts) an enrolment with a new key.
     *
     * @throws AccountChangeRejected when a second factor is enrolled already
     */
    @PreAuthorize("isAuthenticated()")
    public TotpEnrolment startEnrolment() {
        AccessScope me = CurrentUser.scope();
        return service.startEnrolment(me.userId(), me.username());
    }

    /**
     * Confirms the enrolment with a current code.
     *
     * @return the ten recovery codes, in clear this once
     * @throws AccountChangeRejected when the code is wrong or no enrolment waits
     */
    @PreAuthorize("isAuthenticated()")
    public List<String> confirmEnrolment(String code) {
        AccessScope me = CurrentUser.scope();
        return service.confirmEnrolment(me.userId(), me.username(), code);
    }

    /**
     * Ten new recovery codes; the earlier ones stop working.
     *
     * @throws AccountChangeRejected when no second factor is enrolled
     */
    @PreAuthorize("isAuthenticated()")
    public List<String> regenerateRecoveryCodes() {
        AccessScope me = CurrentUser.scope();
        return service.regenerateRecoveryCodes(me.userId(), me.username());
    }

    /** Whether a user has a second factor (the user admin page). */
    @PreAuthorize("hasRole('ADMIN')")
    public boolean enrolled(long userId) {
        return service.enrolled(userId);
    }

    /**
     * Removes a user's second factor and recovery codes (they lost their device); audited.
     *
     * @throws NoSuchAccount when there is no such user
     */
    @PreAuthorize("hasRole('ADMIN')")
    public void reset(long userId) {
        AccountState user = accounts.state(userId).orElseThrow(() -> new NoSuchAccount("user", userId));
        service.reset(userId, user.scope().username(), CurrentUser.actorName());
    }

    /** Whether the second step of this sign-in offers the code form (the account has a TOTP key). */
    public boolean codeOffered(PendingSignIn pending) {
        return service.totpEnrolled(pending.userId());
    }

    /**
     * The second step of a sign-in: checks the code (TOTP or recovery code) behind the login throttle,
     * audits the outcome with its method, and on success records the login and returns the principal the
     * session is to be authenticated with (the account as it is now).
     *
     * @param address the client address
     */
    public SecondStepOutcome secondStep(PendingSignIn pending, String code, String address) {
        if (pending.expired(clock.instant())) {
            return new SecondStepOutcome.Restart("/login?expired");
        }
        LoginAttempts.Reservation reservation;
        try {
            reservation = attempts.reserve(pending.username(), address);
        } catch (LoginThrottledException e) {
            return new SecondStepOutcome.Restart(e.loginPage(clock.instant()));
        }
        SecondFactorMethod method = SecondFactorService.methodOf(code);
        boolean passed;
        try {
            passed = service.verify(pending.userId(), code);
        } catch (RuntimeException | Error e) {
            attempts.released(reservation);
            throw e;
        }
        service.secondStepAudited(pending.username(), address, method, passed);
        if (!passed) {
            Optional<Instant> blocked = attempts.failed(reservation, "wrong-second-factor");
            return blocked.<SecondStepOutcome>map(until -> new SecondStepOutcome.Restart(
                            new LoginThrottledException(until).loginPage(clock.instant())))
                    .orElseGet(SecondStepOutcome.Refused::new);
        }
        attempts.succeeded(reservation);
        Optional<AccountState> now = accounts.state(pending.userId()).filter(AccountState::enabled);
        if (now.isEmpty()) {
            return new SecondStepOutcome.Restart("/login?error");
        }
        attempts.interactiveLogin(pending.userId(), address);
        AccountPrincipal principal = new AccountPrincipal(now.get(), "");
        return new SecondStepOutcome.Passed(
                method, UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }
}
