package dev.mailward.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login throttling and login bookkeeping. Before a password is checked, the attempt reserves a
 * check in the database under the account's row lock ({@link #reserve}), so that however many
 * attempts arrive at once, no more passwords are checked than the policy allows; the check is then
 * judged ({@link #failed}, {@link #succeeded}) or given back ({@link #released}). Per (account,
 * client address) and account-wide state live in the database (instances share it); per client
 * address for every user name and per unknown user name, in memory.
 *
 * <p>Every statement is a plain update under a row lock: no optimistic-lock conflict can turn a
 * login into an error. Publishes {@link LoginFailed}, {@link AccountLocked},
 * {@link AccountLoginsDelayed}, {@link SourceAddressBlocked} and {@link LoginSucceeded}; refused
 * attempts are tallied by {@link RefusedLogins}.
 */
@Component
class LoginAttempts {

    /** How long an attempt waits for checks in progress on its account before it is turned away. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(30);
    /** How long an attempt waits for a free password check on this instance. */
    static final Duration CHECK_WAIT = Duration.ofSeconds(30);
    /** What a turned-away attempt is told to wait. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(5);

    private static final int EXPIRED_BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

    /**
     * A password check that may go ahead.
     *
     * @param username the normalized name tried
     * @param address the client address
     * @param userId the account, {@code null} when no user has that name
     */
    record Reservation(String username, String address, Long userId) {}

    private final LoginThrottleRepository rows;
    private final ApplicationEventPublisher events;
    private final RefusedLogins refusals;
    private final TransactionTemplate tx;
    private final AccountsProperties.Lockout policy;
    private final MemoryThrottle addresses;
    private final MemoryThrottle unknownNames;
    private final Semaphore checks;
    /**
     * Where passwords are hashed: platform threads, because requests run on virtual threads, and a hash
     * (Argon2, tens of milliseconds of CPU without a pause) would hold one of the few carrier threads for
     * its whole length; with every carrier hashing, requests that hold a database connection could not
     * run to release it, and a login burst starved the pool (seen: 503s after the 5 s pool wait).
     */
    private final ExecutorService checkThreads;

    private final Clock clock = Clock.systemUTC();

    LoginAttempts(
            LoginThrottleRepository rows,
            ApplicationEventPublisher events,
            RefusedLogins refusals,
            PlatformTransactionManager transactions,
            AccountsProperties properties) {
        this.rows = rows;
        this.events = events;
        this.refusals = refusals;
        this.tx = new TransactionTemplate(transactions);
        this.policy = properties.lockout();
        this.addresses = new MemoryThrottle(policy, MemoryThrottle.Rule.LOCK);
        this.unknownNames = new MemoryThrottle(policy, MemoryThrottle.Rule.DELAY);
        this.checks = new Semaphore(properties.passwordChecksAtOnce(), true);
        this.checkThreads = Executors.newFixedThreadPool(
                properties.passwordChecksAtOnce(),
                Thread.ofPlatform().name("password-check-", 0).daemon().factory());
    }

    static String normalize(String username) {
        String u = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return u.length() > 64 ? u.substring(0, 64) : u;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Reserves a password check for this attempt, waiting (bounded) while checks in progress on the
     * account take every slot.
     *
     * @throws LoginThrottledException when the address or account is blocked or delayed, or the
     *     wait was too long; the attempt is tallied as refused
     */
    Reservation reserve(String username, String address) {
        String u = normalize(username);
        Instant deadline = now().plus(QUEUE_WAIT);
        boolean queued = false;
        long pause = 10;
        while (true) {
            Instant now = now();
            Optional<Instant> blocked = addresses.blockedUntil(address, now);
            if (blocked.isPresent()) {
                throw refused(u, address, blocked.get());
            }
            boolean waited = queued;
            Judged judged = tx.execute(status -> reserveOnce(u, address, waited, now));
            switch (judged.decision()) {
                case ThrottleCounter.Granted g -> {
                    return new Reservation(u, address, judged.userId());
                }
                case ThrottleCounter.Refused r -> throw refused(u, address, r.until());
                case ThrottleCounter.Busy b -> {
                    if (!now.isBefore(deadline)) {
                        throw refused(u, address, now.plus(BUSY_RETRY));
                    }
                    queued = true;
                    sleep(pause + ThreadLocalRandom.current().nextLong(pause));
                    pause = Math.min(pause * 2, 200);
                }
            }
        }
    }

    /** The decision on an attempt, and its account ({@code null}: no such user). */
    private record Judged(ThrottleCounter.Decision decision, Long userId) {}

    private Judged reserveOnce(String username, String address, boolean queued, Instant now) {
        Optional<LoginThrottleRepository.AccountRow> account = rows.lockAccount(username);
        if (account.isEmpty()) {
            // no such user: slowed down like an account, so that the answers do not tell which names exist
            ThrottleCounter.Decision d = unknownNames
                    .blockedUntil(username, now)
                    .<ThrottleCounter.Decision>map(ThrottleCounter.Refused::new)
                    .orElse(new ThrottleCounter.Granted(ThrottleCounter.NONE, ThrottleCounter.NONE));
            return new Judged(d, null);
        }
        long id = account.get().id();
        ThrottleCounter.Decision d =
                ThrottleCounter.decide(account.get().counter(), rows.source(id, address), queued, now, policy);
        if (d instanceof ThrottleCounter.Granted g) {
            rows.saveAccount(id, g.account());
            rows.saveSource(id, address, g.source(), g.source().expiresAt(policy.window(), now));
        }
        return new Judged(d, id);
    }

    private LoginThrottledException refused(String username, String address, Instant until) {
        refusals.record(address, username, now());
        return new LoginThrottledException(until);
    }

    /**
     * Waits for a free password check on this instance (a burst queues here rather than
     * hashing everything at once), then looks again whether the address was blocked meanwhile.
     *
     * @throws LoginThrottledException when the wait was too long or the address is blocked now;
     *     the reservation is then released
     */
    void startCheck(Reservation r) {
        boolean acquired;
        try {
            acquired = checks.tryAcquire(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        Instant now = now();
        Optional<Instant> blocked =
                acquired ? addresses.blockedUntil(r.address(), now) : Optional.of(now.plus(BUSY_RETRY));
        if (blocked.isPresent()) {
            if (acquired) {
                checks.release();
            }
            released(r);
            throw refused(r.username(), r.address(), blocked.get());
        }
    }

    /** Runs the password check of {@link #startCheck} on a platform thread (see {@link #checkThreads}). */
    <T> T onCheckThread(Supplier<T> check) {
        Future<T> result = checkThreads.submit(check::get);
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new AuthenticationServiceException("interrupted while the password was checked", e);
        }
    }

    /** The password check of {@link #startCheck} ended. */
    void endCheck() {
        checks.release();
    }

    /**
     * Counts a wrong password (or unknown user, or disabled account) against the account, the
     * account from this address, and the address.
     *
     * @return the end of the latest block this failure started, if any
     */
    Optional<Instant> failed(Reservation r, String reason) {
        return tx.execute(status -> {
            Instant now = now();
            events.publishEvent(new LoginFailed(r.userId(), r.username(), r.address(), reason));
            Optional<Instant> block = addresses.recordFailure(r.address(), now);
            block.ifPresent(until -> {
                log.warn(
                        "Client address {} blocked until {} after {} failed logins",
                        r.address(),
                        until,
                        policy.maxFailures());
                events.publishEvent(new SourceAddressBlocked(r.address(), until));
            });
            Optional<Instant> account =
                    r.userId() == null ? unknownNames.recordFailure(r.username(), now) : accountFailed(r, now);
            return later(block, account);
        });
    }

    private Optional<Instant> accountFailed(Reservation r, Instant now) {
        long id = r.userId();
        Optional<LoginThrottleRepository.AccountRow> row = rows.lockAccount(r.username());
        if (row.isEmpty() || row.get().id() != id) {
            return Optional.empty();
        }
        ThrottleCounter account = row.get().counter().accountFailed(now, policy);
        ThrottleCounter sourceBefore = rows.source(id, r.address()).current(now, policy.window());
        ThrottleCounter source = sourceBefore.sourceFailed(now, policy);
        rows.saveAccount(id, account);
        rows.saveSource(id, r.address(), source, source.expiresAt(policy.window(), now));
        rows.deleteExpired(id, now, EXPIRED_BATCH);
        Optional<Instant> sourceLock = source.blockStartedSince(sourceBefore);
        sourceLock.ifPresent(until -> {
            log.warn(
                    "Account {} locked for {} until {} after {} failed logins from there",
                    r.username(),
                    r.address(),
                    until,
                    policy.maxFailures());
            rows.sourceLocked(id, until);
            events.publishEvent(new AccountLocked(id, r.username(), r.address(), until));
        });
        Optional<Instant> delay = Optional.ofNullable(account.blockedUntil());
        if (account.failures() == policy.maxFailures()) {
            log.warn("Account {}: {} failed logins, further attempts delayed", r.username(), account.failures());
            events.publishEvent(new AccountLoginsDelayed(
                    id, r.username(), r.address(), account.failures(), account.blockedUntil()));
        }
        return later(sourceLock, delay);
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isPresent() && b.isPresent()) {
            return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
        }
        return a.isPresent() ? a : b;
    }

    /** The password was right: the account's failures and delay, and this address's failures, are forgotten. */
    void succeeded(Reservation r) {
        if (r.userId() != null) {
            tx.executeWithoutResult(status -> rows.succeeded(r.userId(), r.address()));
        }
    }

    /** The check ended without a judgement (an error): its slots are given back, nothing is counted. */
    void released(Reservation r) {
        if (r.userId() != null) {
            tx.executeWithoutResult(status -> rows.released(r.userId(), r.address()));
        }
    }

    /** An interactive (form) login completed: remember when, and audit it. */
    void interactiveLogin(long userId, String address) {
        interactiveLogin(userId, address, LoginSucceeded.PASSWORD);
    }

    /** An interactive sign-in by {@code method} ({@link LoginSucceeded#method()}) completed. */
    void interactiveLogin(long userId, String address, String method) {
        tx.executeWithoutResult(status -> rows.loggedIn(userId, now())
                .ifPresent(username -> events.publishEvent(new LoginSucceeded(userId, username, address, method))));
    }

    /**
     * An admin unlocked an account (its rows were reset in that transaction): the addresses that
     * failed on it are no longer blocked on this instance either, or the owner would stay locked out
     * from their own address.
     */
    @EventListener
    void on(UserChanged e) {
        if ("unlocked".equals(e.change())) {
            rows.sources(e.userId()).forEach(addresses::forget);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginThrottledException(Instant.now().plus(BUSY_RETRY));
        }
    }
}
