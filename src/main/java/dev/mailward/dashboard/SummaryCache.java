package dev.mailward.dashboard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The portfolio's fleet-wide figures (distribution, compliance, trend) per scope, kept for
 * {@code mailward.dashboard.summary-ttl}: they aggregate 10,000 scores and 300,000 daily rows, change only
 * when scans finish, and every portfolio page shows them. Cleared when this instance refreshes scores;
 * another instance's refreshes show after the TTL. Bounded to {@value #MAX_ENTRIES} scopes.
 */
@Component
class SummaryCache {

    private static final int MAX_ENTRIES = 2_000;

    private final Cache<List<Object>, Object> entries;
    private final boolean enabled;

    SummaryCache(DashboardProperties properties) {
        this.enabled = properties.summaryTtl().isPositive();
        this.entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(properties.summaryTtl())
                .build();
    }

    /**
     * The figures for {@code key}, from the cache while fresh, else {@code compute}d (outside any lock: two
     * requests for the same key at once may both compute it) and remembered.
     */
    @SuppressWarnings("unchecked")
    <T> T get(List<Object> key, Supplier<T> compute) {
        Object cached = entries.getIfPresent(key);
        if (cached != null) {
            return (T) cached;
        }
        T value = compute.get();
        if (enabled && value != null) {
            entries.put(key, value);
        }
        return value;
    }

    void clear() {
        entries.invalidateAll();
    }
}
