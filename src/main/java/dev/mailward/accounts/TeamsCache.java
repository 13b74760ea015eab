package dev.mailward.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every team, by name, as last read from the database, kept for {@code mailward.accounts.scope-cache-ttl}
 * like the users' scopes: the dashboard's team filter and the team names of several pages read the list for
 * every request, and it changes only when an admin creates or renames a team. Such a change on this instance
 * forgets the list at once and again when its transaction has ended (a page reading the list in between could
 * keep the old rows); a change made by another instance sharing the database shows after the TTL.
 */
@Component
class TeamsCache {

    /** The one key: the cache holds one list. */
    private static final Boolean ALL = Boolean.TRUE;

    private final Cache<Boolean, List<TeamRef>> entry;
    private final boolean enabled;

    TeamsCache(AccountsProperties properties) {
        this.enabled = properties.scopeCacheTtl().isPositive();
        this.entry = Caffeine.newBuilder()
                .maximumSize(1)
                .expireAfterWrite(properties.scopeCacheTtl())
                .build();
    }

    /** The teams, from the cache while fresh, else {@code load}ed and remembered. */
    List<TeamRef> get(Supplier<List<TeamRef>> load) {
        List<TeamRef> cached = entry.getIfPresent(ALL);
        if (cached != null) {
            return cached;
        }
        List<TeamRef> teams = List.copyOf(load.get());
        if (enabled) {
            entry.put(ALL, teams);
        }
        return teams;
    }

    /** Forgets the list now and, inside a transaction, again once it has committed or rolled back. */
    void evict() {
        entry.invalidate(ALL);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entry.invalidate(ALL);
                }
            });
        }
    }
}
