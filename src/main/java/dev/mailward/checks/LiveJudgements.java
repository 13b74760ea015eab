package dev.mailward.checks;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a family's live walk judged, for its {@link Check#analyse} to reuse instead of walking the
 * recorded answers again. Families that learn what to observe by judging against the network (the
 * SPF evaluation tree, DMARC discovery) get, as a by-product of {@link Check#observe}, exactly what
 * {@code analyse} of that observation gives; this remembers it for the very observation object
 * {@code observe} returned in this JVM (keyed by identity, never by value), so that
 * {@code observe → analyse} walks once. The judgement is used up by that {@link #judge}: the
 * entries are only those of observations between their observe and their analyse (a few per domain
 * in flight), so the size bound is never what decides whether one is found. (Kept after use, dead
 * observations filled the bound between two garbage collections, and Caffeine's admission policy
 * (this was a Caffeine cache then) turned new entries away: most live walks were walked again in the judge stage.) Judging the
 * same observation again walks its recorded answers, as for any other one. An observation from elsewhere (decoded by
 * {@link ObservationJson}, equal but another object) is not found, and is walked again over its
 * recorded answers: judging stays a pure function of the observation, this is only a cache of it.
 * A live walk that failed is not remembered, so {@code analyse} walks again and reports where it
 * stopped.
 *
 * <p>Keys are held weakly (an entry goes with its observation) and the number of entries is
 * bounded (a full map remembers nothing more until judges use entries up); values must be
 * immutable, as {@link Judgement} is. Thread-safe.
 *
 * @param <O> the family's observation
 * @param <V> what judging it gives
 */
public final class LiveJudgements<O extends Observation, V> {

    /** Observations remembered at most; entries of observations no longer referenced go earlier. */
    public static final int MAXIMUM_SIZE = 2_048;

    /**
     * Entries by the observation's identity, its key held weakly. A plain map, not a cache library:
     * an entry lives from its observe to its analyse, is looked up once and removed by that look-up,
     * so none of a cache's bookkeeping (recency, frequency, expiry) has anything to decide. With
     * Caffeine, its upkeep on every store and removal was 3.5 % of a bulk run's Java samples.
     */
    private final ConcurrentHashMap<WeakKey, V> judged = new ConcurrentHashMap<>();
    /** Keys whose observation was collected (its analyse never ran): their entries are removed on the next store. */
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    private final int maximumSize;

    public LiveJudgements() {
        this(MAXIMUM_SIZE);
    }

    LiveJudgements(int maximumSize) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
        }
        this.maximumSize = maximumSize;
    }

    /**
     * Remembers that judging this very {@code observation} gives {@code judgement}; returns the
     * observation. When {@link #MAXIMUM_SIZE} observations are remembered and not yet judged, it is
     * not remembered: its analyse walks the recorded answers, which gives the same judgement.
     */
    public O remember(O observation, V judgement) {
        expungeCollected();
        if (judged.size() < maximumSize) {
            judged.put(new WeakKey(observation, collected), judgement);
        }
        return observation;
    }

    /** What the live walk judged for this very object, if it is remembered (never for an equal one). */
    public Optional<V> of(O observation) {
        return Optional.ofNullable(judged.get(new WeakKey(observation, null)));
    }

    /**
     * What judging {@code observation} gives: the remembered judgement of its live walk, which is
     * used up by this call, or else {@code walk} over it (the walk's result is not remembered: only
     * live walks are).
     */
    public V judge(O observation, Function<? super O, ? extends V> walk) {
        V v = judged.remove(new WeakKey(observation, null));
        return v != null ? v : walk.apply(observation);
    }

    /** Observations remembered and not yet judged nor collected (for tests). */
    int size() {
        expungeCollected();
        return judged.size();
    }

    private void expungeCollected() {
        for (Reference<?> r; (r = collected.poll()) != null; ) {
            // the key itself: its equals is identity once its observation is gone
            judged.remove((WeakKey) r);
        }
    }

    /**
     * A key: the observation, weakly, and its identity hash. Equal to a key of the very same object;
     * once the observation is collected, only to itself (which is how {@link #expungeCollected}
     * finds it). Stored keys are registered with {@link #collected}; look-ups use one without.
     */
    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;

        WeakKey(Object observation, ReferenceQueue<Object> queue) {
            super(observation, queue);
            this.hash = System.identityHashCode(observation);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object mine = get();
            return mine != null && o instanceof WeakKey k && k.get() == mine;
        }
    }

    /**
     * A judgement as an immutable snapshot: the findings and the family-specific evidence details
     * a walk wrote (deeply unmodifiable copies of maps, lists and sets, in their order), safe to
     * hand to any number of results.
     *
     * @param findings the findings, in order
     * @param details the evidence details ({@link Evidence.Builder#detail}), in order
     */
    public record Judgement(List<Finding> findings, Map<String, Object> details) {

        public Judgement {
            findings = List.copyOf(findings);
            details = frozen(details);
        }

        /** Adds the details to {@code evidence}, in order. */
        public Evidence.Builder detailsTo(Evidence.Builder evidence) {
            details.forEach(evidence::detail);
            return evidence;
        }

        @SuppressWarnings("unchecked")
        private static <T> T frozen(T value) {
            return (T)
                    switch (value) {
                        case Map<?, ?> m -> {
                            Map<Object, Object> copy = new LinkedHashMap<>(m.size() * 2);
                            m.forEach((k, v) -> copy.put(k, frozen(v)));
                            yield Collections.unmodifiableMap(copy);
                        }
                        case List<?> l -> Collections.unmodifiableList(copy(l, new ArrayList<>(l.size())));
                        case Set<?> s -> Collections.unmodifiableSet(copy(s, new LinkedHashSet<>(s.size() * 2)));
                        case null, default -> value;
                    };
        }

        private static <C extends Collection<Object>> C copy(Collection<?> from, C to) {
            for (Object o : from) {
                to.add(frozen(o));
            }
            return to;
        }
    }
}
