package dev.mailward.dns.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import dev.mailward.dns.DnsAnswer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * Answers by (name, type) until their TTL runs out, each with its own TTL (negative answers with
 * theirs), bounded in size: a Caffeine cache with per-entry expiry.
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

    /** An answer and how long it lives from the moment it is stored. */
    private record Entry(DnsAnswer answer, long ttlNanos) {}

    /** Each answer lives for its own TTL from its latest put; reads do not extend it. */
    private static final class PerAnswerTtl implements Expiry<Key, Entry> {
        @Override
        public long expireAfterCreate(Key key, Entry entry, long currentTime) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Stores between two runs of the cache's upkeep (a power of two). */
    static final int UPKEEP_EVERY = 32;
    /** Room made at the start, so a bulk run's first answers do not grow the table step by step. */
    private static final int INITIAL_CAPACITY = 16_384;

    /**
     * Caffeine's upkeep task, run on the storing thread after every {@link #UPKEEP_EVERY}th store
     * rather than at once: one run then drains the stores buffered since the last one. Caffeine
     * asks for a run only when none is pending, keeps accepting stores meanwhile (its write buffer
     * is bounded; a store that finds it full does the upkeep itself), and a read never needs one:
     * {@link #get} checks the TTL of what it finds. {@link #size} runs it at once.
     */
    private static final class BatchedUpkeep implements Executor {
        private final AtomicReference<Runnable> pending = new AtomicReference<>();
        private final AtomicInteger stores = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            Runnable earlier = pending.getAndSet(task);
            if (earlier != null && earlier != task) {
                earlier.run();
            }
        }

        void stored() {
            if ((stores.incrementAndGet() & (UPKEEP_EVERY - 1)) == 0) {
                runPending();
            }
        }

        void runPending() {
            Runnable task = pending.getAndSet(null);
            if (task != null) {
                task.run();
            }
        }
    }

    private final BatchedUpkeep upkeep = new BatchedUpkeep();
    /** {@code null} when the cache is disabled ({@code maxEntries} 0): the read path is the hot path. */
    private final Cache<Key, Entry> cache;
    /** The cache's policy, for reads that leave no trace ({@link #get}); {@code null} with the cache. */
    private final Policy<Key, Entry> quiet;

    /**
     * @param maxEntries size bound (0 disables the cache)
     * @param nanoClock the time source of the TTLs, in nanoseconds ({@code System::nanoTime})
     */
    public AnswerCache(int maxEntries, LongSupplier nanoClock) {
        // The cache's upkeep (expiry, eviction) runs on a thread that stores answers, once per
        // UPKEEP_EVERY stores (BatchedUpkeep): handing each store's upkeep to the common pool woke a
        // pool thread for a few microseconds of work, about 0.2 ms of CPU per domain in a bulk run,
        // and running it in every store's own step repeated its fixed part for every answer.
        this.cache = maxEntries <= 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(maxEntries)
                        .initialCapacity(Math.min(maxEntries, INITIAL_CAPACITY))
                        .expireAfter(new PerAnswerTtl())
                        .ticker(nanoClock::getAsLong)
                        .executor(upkeep)
                        .build();
        this.quiet = cache == null ? null : cache.policy();
    }

    /**
     * The answer stored for {@code key} while its TTL lasts. A quiet read: reads neither extend a
     * TTL nor count towards which answers the size bound keeps (stores do), so a read, the hot
     * path (several per question a bulk run asks), records nothing for the cache's upkeep.
     */
    public Optional<DnsAnswer> get(Key key) {
        Entry e = quiet == null ? null : quiet.getIfPresentQuietly(key);
        return e == null ? Optional.empty() : Optional.of(e.answer());
    }

    /** Stores {@code answer} for {@code ttlMillis}; a TTL of zero or less is not cached. */
    public void put(Key key, DnsAnswer answer, long ttlMillis) {
        if (cache != null && ttlMillis > 0) {
            cache.put(key, new Entry(answer, TimeUnit.MILLISECONDS.toNanos(ttlMillis)));
            upkeep.stored();
        }
    }

    /** Answers held now, after expired ones and those over the bound have been removed. */
    public int size() {
        if (cache == null) {
            return 0;
        }
        upkeep.runPending();
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }

    /** Answers held now, expired ones and those over the bound included until the next upkeep (for tests). */
    long heldBeforeUpkeep() {
        return cache == null ? 0 : cache.estimatedSize();
    }
}
