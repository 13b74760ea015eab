package dev.mailward.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Judges every console request on the account as it is now, not as it was when the session was opened.
 * A session whose account is gone or disabled, or whose {@linkplain AccountState#sessionEpoch() session
 * epoch} has moved on (role lowered, password set), is ended there and then: the session is invalidated
 * and the browser sent to the login page (htmx requests get 401 and {@code HX-Redirect}). Otherwise the
 * request runs with a principal built from the current role and teams, so a raised role or a changed
 * membership applies at once without ending the session; the session itself keeps the principal it was
 * opened with, whose epoch is what it is judged by.
 *
 * <p>An account whose password {@linkplain AccountState#mustChangePassword() must be changed} (the first
 * admin's generated one) reaches only the change-password form ({@value #CHANGE_PASSWORD_TARGET}), the
 * password change itself, sign-out and the static files; every other page redirects there. Likewise an account
 * that the setting {@code mailward.accounts.second-factor.required} obliges to have a second factor and has
 * none reaches only the enrolment page ({@value #ENROL_TARGET}, its forms and QR code), sign-out and the static
 * files. API tokens do not pass through this filter (the API chain has its own).
 *
 * <p>Sessions live in PostgreSQL ({@link AccountSessions}): a session older than the absolute timeout
 * ({@code mailward.accounts.session.absolute-timeout}) is ended here (audited, {@code /login?expired}), and a
 * browser whose session was ended on purpose elsewhere learns why at its next page.
 */
final class AccountSessionFilter extends OncePerRequestFilter {

    /** Set on a session opened by single sign-on (its value: the provider's issuer). */
    static final String SINGLE_SIGN_ON_ATTRIBUTE = "mailward.singleSignOn";

    /** Where a browser goes when its session was ended; the login page explains why. */
    static final String ENDED_TARGET = "/login?ended";

    /** Where an account that must change its password is sent from every other page. */
    static final String CHANGE_PASSWORD_TARGET = "/account?change-password";

    /** What such an account may still reach: the form, the change, signing out, and what the pages load. */
    private static final List<String> OPEN_WHILE_PASSWORD_MUST_CHANGE =
            List.of("/account", "/account/password", "/logout", "/login", "/error", "/favicon.ico");

    private static final List<String> STATIC_PREFIXES = List.of("/css/", "/js/", "/img/", "/webjars/");

    /** Where an account that must enrol a second factor is sent from every other page. */
    static final String ENROL_TARGET = "/account/second-factor";

    private static final List<String> OPEN_WHILE_SECOND_FACTOR_MISSING = List.of(
            "/logout",
            "/login",
            "/error",
            "/favicon.ico",
            // a passkey is a second factor too: its page and Spring Security's registration ceremony
            "/account/passkeys",
            "/webauthn/register/options",
            "/webauthn/register");

    private static final Logger log = LoggerFactory.getLogger(AccountSessionFilter.class);

    /** Where a browser goes whose session outlived the absolute timeout. */
    static final String EXPIRED_TARGET = "/login?expired";

    /** Pages and files anyone may load: a browser with the cookie of an ended session reaches them unasked. */
    private static final List<String> PUBLIC_PATHS = List.of("/login", "/error", "/favicon.ico");

    private final ScopeCache states;
    private final AccountService accounts;
    private final AccountSessions sessions;
    private final SecondFactorService secondFactors;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AccountSessionFilter(
            ScopeCache states, AccountService accounts, AccountSessions sessions, SecondFactorService secondFactors) {
        this.states = states;
        this.accounts = accounts;
        this.sessions = sessions;
        this.secondFactors = secondFactors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = contexts.getContext().getAuthentication();
        if (auth == null && endedOnPurpose(request, response)) {
            return;
        }
        if (auth == null
                || !(auth.getPrincipal() instanceof AccountPrincipal opened)
                || opened.tokenId().isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AccountState> now = states.get(opened.userId(), accounts::state);
        Optional<String> ended = endReason(opened, now);
        if (ended.isPresent()) {
            log.info("Session of {} ended: {}", opened.getUsername(), ended.get());
            end(request, response, ENDED_TARGET);
            return;
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            Instant signedIn = Instant.ofEpochMilli(session.getCreationTime());
            if (sessions.beyondAbsoluteTimeout(signedIn)) {
                log.info("Session of {} ended: the absolute timeout was reached", opened.getUsername());
                sessions.expired(opened.getUsername(), signedIn);
                end(request, response, EXPIRED_TARGET);
                return;
            }
        }
        AccountState current = now.orElseThrow();
        if (current.mustChangePassword() && !openWhilePasswordMustChange(request)) {
            redirect(request, response, CHANGE_PASSWORD_TARGET);
            return;
        }
        if (!openWhileSecondFactorMissing(request)
                && !signedInBySingleSignOn(session)
                && secondFactors.mustEnrol(current.scope())) {
            redirect(request, response, ENROL_TARGET);
            return;
        }
        if (!current.scope().equals(opened.scope())) {
            // this request only: the session keeps the principal (and epoch) it was opened with
            new AccountPrincipal(current, "").actAsThisThread(auth.getDetails());
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> endReason(AccountPrincipal opened, Optional<AccountState> now) {
        if (now.isEmpty()) {
            return Optional.of("the account no longer exists");
        }
        if (!now.get().enabled()) {
            return Optional.of("the account is disabled");
        }
        if (now.get().sessionEpoch() != opened.sessionEpoch()) {
            return Optional.of("the account's role was lowered or its password set since the session was opened");
        }
        return Optional.empty();
    }

    /** A session opened by single sign-on: the provider's own second factor guards it, not the console's TOTP. */
    private static boolean signedInBySingleSignOn(HttpSession session) {
        return session != null && session.getAttribute(SINGLE_SIGN_ON_ATTRIBUTE) != null;
    }

    private static boolean openWhilePasswordMustChange(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return OPEN_WHILE_PASSWORD_MUST_CHANGE.contains(path)
                || STATIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static boolean openWhileSecondFactorMissing(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(ENROL_TARGET)
                || path.startsWith(ENROL_TARGET + "/")
                || OPEN_WHILE_SECOND_FACTOR_MISSING.contains(path)
                || STATIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /**
     * A browser that comes back with the cookie of a session ended on purpose (signed out from another
     * session, the account changed) is told why, once; one whose session merely expired meets the usual
     * sign-in.
     */
    private boolean endedOnPurpose(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requested = request.getRequestedSessionId();
        if (requested == null || request.isRequestedSessionIdValid() || publicPath(request)) {
            return false;
        }
        Optional<AccountSessions.EndReason> reason = sessions.takeEndReason(requested);
        if (reason.isEmpty()) {
            return false;
        }
        end(request, response, reason.get().loginPage());
        return true;
    }

    private static boolean publicPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return PUBLIC_PATHS.contains(path)
                || STATIC_PREFIXES.stream().anyMatch(path::startsWith)
                || path.startsWith("/actuator/");
    }

    private void end(HttpServletRequest request, HttpServletResponse response, String page) throws IOException {
        contexts.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        String target = request.getContextPath() + page;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", target);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        } else {
            response.sendRedirect(target);
        }
    }

    /** The session stays; the browser (or htmx, which follows {@code HX-Redirect}) goes to {@code path}. */
    private static void redirect(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        String target = request.getContextPath() + path;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", target);
            response.setStatus(HttpStatus.FORBIDDEN.value());
        } else {
            response.sendRedirect(target);
        }
    }
}
