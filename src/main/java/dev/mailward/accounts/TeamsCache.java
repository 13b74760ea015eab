package dev.mailward.accounts;

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

    private record Entry(List<TeamRef> teams, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private volatile Entry entry;

    TeamsCache(AccountsProperties properties) {
        this.ttlNanos = properties.scopeCacheTtl().toNanos();
    }

    /** The teams, from the cache while fresh, else {@code load}ed and remembered. */
    List<TeamRef> get(Supplier<List<TeamRef>> load) {
        long now = System.nanoTime();
        Entry e = entry;
        if (e != null && now - e.expiresAtNanos() < 0) {
            return e.teams();
        }
        List<TeamRef> teams = List.copyOf(load.get());
        if (ttlNanos > 0) {
            entry = new Entry(teams, now + ttlNanos);
        }
        return teams;
    }

    /** Forgets the list now and, inside a transaction, again once it has committed or rolled back. */
    void evict() {
        entry = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entry = null;
                }
            });
        }
    }
}
