import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.internal.AnswerCache.Key;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The hand-written answer cache as it was until Caffeine replaced it (commit "Caffeine for the TTL
 * caches"), kept here only so that {@code AnswerCacheBench} can compare both in one JVM: a
 * {@link ConcurrentHashMap} for look-ups and a FIFO queue of insertions for the size bound.
 */
final class HandWrittenAnswerCache {

    private record Entry(Key key, DnsAnswer answer, long expiresAtNanos) {}

    private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    /** Size of {@link #order}, kept apart because {@code ConcurrentLinkedQueue.size()} is O(n). */
    private final AtomicInteger orderSize = new AtomicInteger();

    private final int maxEntries;
    private final LongSupplier nanoClock;

    HandWrittenAnswerCache(int maxEntries, LongSupplier nanoClock) {
        this.maxEntries = Math.max(0, maxEntries);
        this.nanoClock = nanoClock;
    }

    Optional<DnsAnswer> get(Key key) {
        if (maxEntries == 0) {
            return Optional.empty();
        }
        Entry e = map.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (nanoClock.getAsLong() - e.expiresAtNanos() >= 0) {
            map.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.answer());
    }

    /** Stores {@code answer} for {@code ttlMillis}; a TTL of zero or less is not cached. */
    void put(Key key, DnsAnswer answer, long ttlMillis) {
        if (maxEntries == 0 || ttlMillis <= 0) {
            return;
        }
        Entry e = new Entry(key, answer, nanoClock.getAsLong() + ttlMillis * 1_000_000L);
        map.put(key, e);
        order.add(e);
        orderSize.incrementAndGet();
        // Bounded: each put evicts at most a few entries; the queue may hold stale entries of keys
        // that were replaced or expired, which remove(key, entry) skips harmlessly.
        for (int i = 0; i < 16 && map.size() > maxEntries; i++) {
            Entry oldest = order.poll();
            if (oldest == null) {
                break;
            }
            orderSize.decrementAndGet();
            map.remove(oldest.key(), oldest);
        }
        // Keep the queue from growing without bound when the same keys are refreshed often.
        if (orderSize.get() > 2 * maxEntries + 64) {
            for (int i = 0; i < 64; i++) {
                Entry stale = order.poll();
                if (stale == null) {
                    break;
                }
                if (map.get(stale.key()) == stale) {
                    order.add(stale); // still live: keep it, at the back
                } else {
                    orderSize.decrementAndGet();
                }
            }
        }
    }

    int size() {
        return map.size();
    }

    void clear() {
        map.clear();
        order.clear();
        orderSize.set(0);
    }
}
