package dev.mailward.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The users' current {@link AccountState} (role, teams, enabled, session epoch) as last read from the
 * database, kept for {@code mailward.accounts.scope-cache-ttl}: every request is judged on it, often more
 * than once, and it changes only when an admin edits the user or a password is set. Such an edit on this
 * instance evicts the user once its transaction has committed; an edit made by another instance sharing the
 * database shows after the TTL. Bounded to {@value #MAX_ENTRIES} users.
 */
@Component
class ScopeCache {

    private static final int MAX_ENTRIES = 10_000;

    private final Cache<Long, Optional<AccountState>> entries;
    private final boolean enabled;

    ScopeCache(AccountsProperties properties) {
        this.enabled = properties.scopeCacheTtl().isPositive();
        this.entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(properties.scopeCacheTtl())
                .build();
    }

    /**
     * The user's state, from the cache while fresh, else {@code load}ed (outside any lock, so a database read
     * never holds up other users' look-ups) and remembered.
     */
    Optional<AccountState> get(long userId, LongFunction<Optional<AccountState>> load) {
        Optional<AccountState> cached = entries.getIfPresent(userId);
        if (cached != null) {
            return cached;
        }
        Optional<AccountState> state = load.apply(userId);
        if (enabled) {
            entries.put(userId, state);
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
                    entries.invalidate(userId);
                }
            });
        } else {
            entries.invalidate(userId);
        }
    }
}
