package dev.mailward.accounts;

import dev.mailward.shared.AuditableAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How people may sign in: the single sign-on providers configured ({@code spring.security.oauth2.client.*})
 * and whether local password sign-in is open to everyone or only to the break-glass accounts
 * ({@code mailward.accounts.password-sign-in.*}, overridden by an admin's choice stored in the database). API
 * tokens are never concerned.
 */
@Component
public class SignInSettings {

    private static final Logger log = LoggerFactory.getLogger(SignInSettings.class);

    private final ObjectProvider<ClientRegistrationRepository> registrations;
    private final PasswordSignInProperties properties;
    private final SignInRepository rows;
    private final AccountService accounts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    SignInSettings(
            ObjectProvider<ClientRegistrationRepository> registrations,
            PasswordSignInProperties properties,
            SignInRepository rows,
            AccountService accounts,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
        this.registrations = registrations;
        this.properties = properties;
        this.rows = rows;
        this.accounts = accounts;
        this.events = events;
    }

    /** The single sign-on providers, in the order of their registrations; empty when none is configured. */
    public List<SingleSignOnProvider> providers() {
        List<SingleSignOnProvider> providers = new ArrayList<>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object o : all) {
                if (o instanceof ClientRegistration r) {
                    String name = r.getClientName() == null || r.getClientName().isBlank()
                            ? r.getRegistrationId()
                            : r.getClientName();
                    providers.add(new SingleSignOnProvider(r.getRegistrationId(), name));
                }
            }
        }
        return List.copyOf(providers);
    }

    /** Whether every local account may sign in with its password (else only the break-glass ones). */
    public boolean passwordOpenToAll() {
        return rows.passwordSignIn().orElse(properties.enabled());
    }

    /** The break-glass accounts' user names (they may always sign in with their password). */
    public List<String> breakGlass() {
        return properties.breakGlass().stream().map(LoginAttempts::normalize).toList();
    }

    /**
     * Opens local password sign-in to everyone, or closes it to all but the break-glass accounts; audited.
     *
     * @throws AccountChangeRejected when closing it and no break-glass account is an enabled admin (nobody could
     *     sign in to open it again if single sign-on failed)
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public void setPasswordOpenToAll(boolean open) {
        if (!open
                && breakGlass().stream()
                        .map(accounts::stateByUsername)
                        .flatMap(java.util.Optional::stream)
                        .noneMatch(s -> s.enabled() && s.scope().role() == Role.ADMIN)) {
            throw new AccountChangeRejected(
                    "passwordSignIn", "accounts.sign-in.no-break-glass", "no break-glass account is an enabled admin");
        }
        String actor = CurrentUser.actorName();
        rows.setPasswordSignIn(open, actor, clock.instant());
        log.info("Local password sign-in {} by {}", open ? "opened to everyone" : "closed but for break-glass", actor);
        events.publishEvent(new AuditableAction(
                actor,
                null,
                "settings.password-sign-in",
                "setting:password-sign-in",
                open ? "open to everyone" : "break-glass accounts only (" + String.join(", ", breakGlass()) + ")"));
    }

    /**
     * Refuses a password sign-in of an account that is not a break-glass one while password sign-in is
     * closed; the refusal is audited.
     */
    void checkPasswordAllowed(String username, String address) {
        if (passwordOpenToAll() || properties.isBreakGlass(username)) {
            return;
        }
        // the audit listener runs after a commit
        String name = LoginAttempts.normalize(username);
        Long userId =
                accounts.stateByUsername(name).map(s -> s.scope().userId()).orElse(null);
        tx.executeWithoutResult(
                status -> events.publishEvent(new LoginFailed(userId, name, address, "password-sign-in-off")));
        throw new PasswordSignInClosedException();
    }
}
