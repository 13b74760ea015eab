package dev.mailward.accounts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins per key in memory: per client address for every user name (an attacker spraying
 * user names must not fill the database), and per unknown user name (so that a name that does not
 * exist is slowed down like one that does, and its absence does not show). Bounded: the least
 * recently seen keys are forgotten first.
 */
final class MemoryThrottle {

    /** How a failure changes a key's state. */
    enum Rule {
        /** Max-failures failures lock the key for the lockout duration (client addresses). */
        LOCK,
        /** Max-failures failures start the progressive delay (user names, like an account). */
        DELAY
    }

    private final AccountsProperties.Lockout policy;
    private final Rule rule;
    private final Map<String, ThrottleCounter> entries;

    MemoryThrottle(AccountsProperties.Lockout policy, Rule rule) {
        this.policy = policy;
        this.rule = rule;
        int max = policy.trackedAddresses();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ThrottleCounter> eldest) {
                return size() > max;
            }
        };
    }

    synchronized Optional<Instant> blockedUntil(String key, Instant now) {
        ThrottleCounter c = entries.get(key);
        return c == null
                ? Optional.empty()
                : Optional.ofNullable(c.current(now, policy.window()).blockedUntil());
    }

    /** Counts a failure; returns the end of the block when this failure started one. */
    synchronized Optional<Instant> recordFailure(String key, Instant now) {
        ThrottleCounter before = entries.getOrDefault(key, ThrottleCounter.NONE).current(now, policy.window());
        ThrottleCounter after =
                rule == Rule.LOCK ? before.sourceFailed(now, policy) : before.accountFailed(now, policy);
        entries.put(key, after);
        boolean started = rule == Rule.LOCK
                ? after.blockStartedSince(before).isPresent()
                : after.failures() == policy.maxFailures();
        return started ? Optional.of(after.blockedUntil()) : Optional.empty();
    }

    /** Forgets the key's failures and block. */
    synchronized void forget(String key) {
        entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }
}
