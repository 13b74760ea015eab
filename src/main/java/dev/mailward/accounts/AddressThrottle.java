package dev.mailward.accounts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins per client address, in memory (an attacker spraying user names must not fill the
 * database). Bounded: the least recently seen addresses are forgotten first.
 */
final class AddressThrottle {

    private static final class Failures {
        int failures;
        Instant windowStart;
        Instant blockedUntil;
    }

    private final AccountsProperties.Lockout policy;
    private final Map<String, Failures> entries;

    AddressThrottle(AccountsProperties.Lockout policy) {
        this.policy = policy;
        int max = policy.trackedAddresses();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > max;
            }
        };
    }

    synchronized Optional<Instant> blockedUntil(String address, Instant now) {
        Failures e = entries.get(address);
        if (e == null || e.blockedUntil == null || !e.blockedUntil.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(e.blockedUntil);
    }

    /** Counts a failure; returns the end of the block when this failure caused one. */
    synchronized Optional<Instant> recordFailure(String address, Instant now) {
        Failures e = entries.computeIfAbsent(address, a -> new Failures());
        if (e.windowStart == null || !e.windowStart.plus(policy.window()).isAfter(now)) {
            e.windowStart = now;
            e.failures = 0;
        }
        e.failures++;
        if (e.failures >= policy.maxFailures()) {
            e.blockedUntil = now.plus(policy.duration());
            e.failures = 0;
            e.windowStart = null;
            return Optional.of(e.blockedUntil);
        }
        return Optional.empty();
    }

    synchronized int size() {
        return entries.size();
    }
}
