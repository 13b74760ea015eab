package dev.mailward.dns.internal;

import dev.mailward.dns.DnsAnswer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * Answers by (name, type) until their TTL runs out. Lock-free: a {@link ConcurrentHashMap} for
 * look-ups and a FIFO queue of insertions for the size bound, so the oldest insertions are evicted
 * first (an approximation of LRU that costs nothing on the read path, which is the hot path).
 */
public final class AnswerCache {

    /**
     * Cache key: owner name (compared case-insensitively, as DNS does) and type. Hashed over the
     * name's canonical (lower-case) wire form: dnsjava's {@code Name.hashCode()} gives a bulk run's
     * 200,000 question names only 56,000 distinct values, so map look-ups walked chains of six
     * names on average, each compared byte by byte.
     */
    public static final class Key {
        private final Name name;
        private final int type;
        private final byte[] canonical;
        private final int hash;

        public Key(Name name, int type) {
            this.name = name;
            this.type = type;
            this.canonical = name.toWireCanonical();
            this.hash = 31 * Arrays.hashCode(canonical) + type;
        }

        public Name name() {
            return name;
        }

        public int type() {
            return type;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.type == type && Arrays.equals(k.canonical, canonical);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return name + "/" + type;
        }
    }

    private record Entry(Key key, DnsAnswer answer, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    /** Size of {@link #order}, kept apart because {@code ConcurrentLinkedQueue.size()} is O(n). */
    private final AtomicInteger orderSize = new AtomicInteger();
    private final int maxEntries;
    private final LongSupplier nanoClock;

    public AnswerCache(int maxEntries, LongSupplier nanoClock) {
        this.maxEntries = Math.max(0, maxEntries);
        this.nanoClock = nanoClock;
    }

    public Optional<DnsAnswer> get(Key key) {
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
    public void put(Key key, DnsAnswer answer, long ttlMillis) {
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

    public int size() {
        return map.size();
    }

    public void clear() {
        map.clear();
        order.clear();
        orderSize.set(0);
    }
}
