package dev.mailward.checks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * observations filled the bound between two garbage collections, and the cache's admission policy
 * then turned new entries away: most live walks were walked again in the judge stage.) Judging the
 * same observation again walks its recorded answers, as for any other one. An observation from elsewhere (decoded by
 * {@link ObservationJson}, equal but another object) is not found, and is walked again over its
 * recorded answers: judging stays a pure function of the observation, this is only a cache of it.
 * A live walk that failed is not remembered, so {@code analyse} walks again and reports where it
 * stopped.
 *
 * <p>Keys are held weakly (an entry goes with its observation) and the number of entries is
 * bounded; values must be immutable, as {@link Judgement} is. Thread-safe.
 *
 * @param <O> the family's observation
 * @param <V> what judging it gives
 */
public final class LiveJudgements<O extends Observation, V> {

    /** Observations remembered at most; entries of observations no longer referenced go earlier. */
    public static final int MAXIMUM_SIZE = 2_048;

    private final Cache<O, V> judged;

    public LiveJudgements() {
        this(MAXIMUM_SIZE);
    }

    LiveJudgements(int maximumSize) {
        // Upkeep (collected keys, the size bound) runs on the remembering thread, in the same step:
        // two entries per domain each woke a common-pool thread for a few microseconds of work.
        this.judged = Caffeine.newBuilder()
                .weakKeys()
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                .build();
    }

    /** Remembers that judging this very {@code observation} gives {@code judgement}; returns the observation. */
    public O remember(O observation, V judgement) {
        judged.put(observation, judgement);
        return observation;
    }

    /** What the live walk judged for this very object, if it is remembered (never for an equal one). */
    public Optional<V> of(O observation) {
        return Optional.ofNullable(judged.getIfPresent(observation));
    }

    /**
     * What judging {@code observation} gives: the remembered judgement of its live walk, which is
     * used up by this call, or else {@code walk} over it (the walk's result is not remembered: only
     * live walks are).
     */
    public V judge(O observation, Function<? super O, ? extends V> walk) {
        V v = judged.asMap().remove(observation);
        return v != null ? v : walk.apply(observation);
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
