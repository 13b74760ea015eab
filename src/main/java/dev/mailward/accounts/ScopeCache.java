package dev.mailward.accounts;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The users' current {@link AccountState} (role, teams, enabled, session epoch) as last read from the
 * database, kept for {@code mailward.accounts.scope-cache-ttl}: every request is judged on it, often more
 * than once, and it changes only when an admin edits the user or a password is set. Such an edit on this
 * instance evicts the user once its transaction has committed; an edit made by another instance sharing the
 * database shows after the TTL. Bounded: cleared when it holds too many users.
 */
@Component
class ScopeCache {

    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<AccountState> state, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    ScopeCache(AccountsProperties properties) {
        this.ttlNanos = properties.scopeCacheTtl().toNanos();
    }

    /** The user's state, from the cache while fresh, else {@code load}ed and remembered. */
    Optional<AccountState> get(long userId, LongFunction<Optional<AccountState>> load) {
        long now = System.nanoTime();
        Entry e = entries.get(userId);
        if (e != null && now - e.expiresAtNanos() < 0) {
            return e.state();
        }
        Optional<AccountState> state = load.apply(userId);
        if (ttlNanos > 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(userId, new Entry(state, now + ttlNanos));
        }
        return state;
    }

    /**
     * The next read of this user goes to the database once the current transaction has committed (evicting
     * earlier would let a page read and keep the old row again before the commit), or at once without one.
     */
    void evictAfterCommit(long userId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    entries.remove(userId);
                }
            });
        } else {
            entries.remove(userId);
        }
    }
}
