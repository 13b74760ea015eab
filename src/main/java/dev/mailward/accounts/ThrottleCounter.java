package dev.mailward.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Login throttling state of one key (an account as a whole, or one account from one client
 * address): failures counted since {@code windowStart}, a block until {@code blockedUntil}, and
 * password checks in progress ({@code pending}, reserved before a password is checked so that
 * concurrent attempts cannot check more passwords than the policy allows). Pure: the rules, no I/O.
 *
 * @param failures failures within the window
 * @param windowStart when the window began, {@code null} without failures
 * @param blockedUntil end of a block (account: the progressive delay; address: the lock)
 * @param pending password checks reserved and not yet judged
 * @param pendingSince when the latest reservation was made, {@code null} without any
 */
record ThrottleCounter(int failures, Instant windowStart, Instant blockedUntil, int pending, Instant pendingSince) {

    static final ThrottleCounter NONE = new ThrottleCounter(0, null, null, 0, null);

    /** Reservations older than this were abandoned (an instance stopped while checking). */
    static final Duration ABANDONED = Duration.ofMinutes(2);
    /** The first delay after max-failures failures of an account; it doubles with every further failure. */
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    /** What to do with an attempt. */
    sealed interface Decision {}

    /** Check the password; the counters carry the reservation. */
    record Granted(ThrottleCounter account, ThrottleCounter source) implements Decision {}

    /** Checks in progress take every slot: ask again when they have been judged. */
    record Busy() implements Decision {}

    /** Refused without checking the password, until then. */
    record Refused(Instant until) implements Decision {}

    /** The state as it counts at {@code now}: failures outside the window, ended blocks and abandoned reservations forgotten. */
    ThrottleCounter current(Instant now, Duration window) {
        boolean inWindow = windowStart != null && windowStart.plus(window).isAfter(now);
        boolean reserved = pendingSince != null && pendingSince.plus(ABANDONED).isAfter(now);
        return new ThrottleCounter(
                inWindow ? failures : 0,
                inWindow ? windowStart : null,
                blockedUntil != null && blockedUntil.isAfter(now) ? blockedUntil : null,
                reserved ? pending : 0,
                reserved ? pendingSince : null);
    }

    /** The later of the block's end and the window's end: after it the state means nothing. */
    Instant expiresAt(Duration window, Instant now) {
        Instant end = now;
        if (windowStart != null && windowStart.plus(window).isAfter(end)) {
            end = windowStart.plus(window);
        }
        if (blockedUntil != null && blockedUntil.isAfter(end)) {
            end = blockedUntil;
        }
        if (pendingSince != null && pendingSince.plus(ABANDONED).isAfter(end)) {
            end = pendingSince.plus(ABANDONED);
        }
        return end;
    }

    /**
     * Whether an attempt on the account from the address may check a password now. Per address,
     * at most {@code maxFailures} failures or checks in progress; for the account as a whole the
     * same below {@code maxFailures} failures, and beyond, one check at a time and only after the
     * delay. An attempt that has already waited ({@code queued}) for checks in progress is refused
     * when those brought the account to its limit: attempts that arrived together are judged
     * together, whatever the order in which they were served.
     */
    static Decision decide(
            ThrottleCounter account,
            ThrottleCounter source,
            boolean queued,
            Instant now,
            AccountsProperties.Lockout policy) {
        ThrottleCounter a = account.current(now, policy.window());
        ThrottleCounter s = source.current(now, policy.window());
        if (s.blockedUntil != null) {
            return new Refused(s.blockedUntil);
        }
        if (a.blockedUntil != null) {
            return new Refused(a.blockedUntil);
        }
        int max = policy.maxFailures();
        if (a.failures >= max && (queued || a.pending > 0)) {
            return new Refused(now.plus(delay(a.failures + 1 - max, policy.maxDelay())));
        }
        boolean accountFree = a.failures >= max || a.failures + a.pending < max;
        if (!accountFree || s.failures + s.pending >= max) {
            return new Busy();
        }
        return new Granted(a.reserved(now), s.reserved(now));
    }

    /** The delay after the {@code n}-th failure beyond max-failures (n = 1: the first delay), doubling, capped. */
    static Duration delay(int n, Duration max) {
        Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 30));
        return d.compareTo(max) > 0 ? max : d;
    }

    private ThrottleCounter reserved(Instant now) {
        return new ThrottleCounter(failures, windowStart, blockedUntil, pending + 1, now);
    }

    /** A reserved check ended without a judgement (an error): the slot is free again. */
    ThrottleCounter released() {
        int p = Math.max(0, pending - 1);
        return new ThrottleCounter(failures, windowStart, blockedUntil, p, p == 0 ? null : pendingSince);
    }

    private ThrottleCounter failedOnce(Instant now, Duration window) {
        ThrottleCounter c = current(now, window).released();
        return new ThrottleCounter(
                c.failures + 1, c.windowStart == null ? now : c.windowStart, c.blockedUntil, c.pending, c.pendingSince);
    }

    /**
     * The account after a wrong password: from max-failures failures on, each further attempt waits
     * a delay that doubles with every failure, up to {@code maxDelay}.
     */
    ThrottleCounter accountFailed(Instant now, AccountsProperties.Lockout policy) {
        ThrottleCounter c = failedOnce(now, policy.window());
        if (c.failures < policy.maxFailures()) {
            return c;
        }
        Instant until = now.plus(delay(c.failures + 1 - policy.maxFailures(), policy.maxDelay()));
        return new ThrottleCounter(c.failures, c.windowStart, until, c.pending, c.pendingSince);
    }

    /** One client address (for one account, or for all) after a wrong password: max-failures lock it for the duration. */
    ThrottleCounter sourceFailed(Instant now, AccountsProperties.Lockout policy) {
        ThrottleCounter c = failedOnce(now, policy.window());
        if (c.failures < policy.maxFailures()) {
            return c;
        }
        return new ThrottleCounter(0, null, now.plus(policy.duration()), c.pending, c.pendingSince);
    }

    /** The block this state started, compared with the state before. */
    Optional<Instant> blockStartedSince(ThrottleCounter before) {
        return blockedUntil != null && !blockedUntil.equals(before.blockedUntil)
                ? Optional.of(blockedUntil)
                : Optional.empty();
    }
}
