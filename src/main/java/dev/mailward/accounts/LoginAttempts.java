package dev.mailward.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login throttling and login bookkeeping: per-account failures in the database (they survive a
 * restart), per-address failures in memory. Publishes {@link LoginFailed}, {@link AccountLocked},
 * {@link SourceAddressBlocked} and {@link LoginSucceeded}.
 */
@Component
class LoginAttempts {

    private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

    private final UserAccountRepository users;
    private final ApplicationEventPublisher events;
    private final AccountsProperties.Lockout policy;
    private final AddressThrottle addresses;
    private final Clock clock = Clock.systemUTC();

    LoginAttempts(UserAccountRepository users, ApplicationEventPublisher events, AccountsProperties properties) {
        this.users = users;
        this.events = events;
        this.policy = properties.lockout();
        this.addresses = new AddressThrottle(policy);
    }

    static String normalize(String username) {
        String u = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return u.length() > 64 ? u.substring(0, 64) : u;
    }

    Instant now() {
        return clock.instant();
    }

    /** When the account or the address is locked: the later end of the two. */
    @Transactional(readOnly = true)
    public Optional<Instant> lockedUntil(String username, String address) {
        Instant now = now();
        Optional<Instant> account = users.findByUsername(normalize(username)).flatMap(u -> u.lockedUntil(now));
        Optional<Instant> addr = addresses.blockedUntil(address, now);
        if (account.isPresent() && addr.isPresent()) {
            return Optional.of(account.get().isAfter(addr.get()) ? account.get() : addr.get());
        }
        return account.isPresent() ? account : addr;
    }

    /** A refused attempt that is not counted (locked, disabled): audit only. */
    @Transactional
    public void refused(String username, String address, String reason) {
        String u = normalize(username);
        Long id = users.findByUsername(u).map(UserAccount::id).orElse(null);
        events.publishEvent(new LoginFailed(id, u, address, reason));
    }

    /**
     * Counts a wrong password (or unknown user) against the account and the address.
     *
     * @return the end of a lock this failure caused, if any
     */
    @Transactional
    public Optional<Instant> failed(String username, String address) {
        Instant now = now();
        String u = normalize(username);
        Optional<UserAccount> account = users.findByUsername(u);
        events.publishEvent(new LoginFailed(account.map(UserAccount::id).orElse(null), u, address, "bad-credentials"));
        Optional<Instant> accountLock = account.flatMap(a -> a.recordFailedLogin(now, policy));
        accountLock.ifPresent(until -> {
            log.warn("Account {} locked until {} after {} failed logins", u, until, policy.maxFailures());
            events.publishEvent(new AccountLocked(account.get().id(), u, address, until));
        });
        Optional<Instant> addressLock = addresses.recordFailure(address, now);
        addressLock.ifPresent(until -> {
            log.warn("Client address {} blocked until {} after {} failed logins", address, until, policy.maxFailures());
            events.publishEvent(new SourceAddressBlocked(address, until));
        });
        return accountLock.isPresent() ? accountLock : addressLock;
    }

    /** The password was right: forget the account's earlier failures. */
    @Transactional
    public void succeeded(long userId) {
        users.findById(userId).ifPresent(UserAccount::resetFailures);
    }

    /** An interactive (form) login completed: remember when, and audit it. */
    @Transactional
    public void interactiveLogin(long userId, String address) {
        users.findById(userId).ifPresent(u -> {
            u.recordLogin(now());
            events.publishEvent(new LoginSucceeded(u.id(), u.username(), address));
        });
    }
}
