package dev.mailward.dashboard;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The portfolio's fleet-wide figures (distribution, compliance, trend) per scope, kept for
 * {@code mailward.dashboard.summary-ttl}: they aggregate 10,000 scores and 300,000 daily rows, change only
 * when scans finish, and every portfolio page shows them. Cleared when this instance refreshes scores;
 * another instance's refreshes show after the TTL. Bounded: cleared when it holds too many scopes.
 */
@Component
class SummaryCache {

    private static final int MAX_ENTRIES = 2_000;

    private record Entry(Object value, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<List<Object>, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SummaryCache(DashboardProperties properties) {
        this.ttlNanos = properties.summaryTtl().toNanos();
    }

    @SuppressWarnings("unchecked")
    <T> T get(List<Object> key, Supplier<T> compute) {
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAtNanos() < 0) {
            return (T) e.value();
        }
        T value = compute.get();
        if (ttlNanos > 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, new Entry(value, now + ttlNanos));
        }
        return value;
    }

    void clear() {
        entries.clear();
    }
}
