package dev.mailward.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one run of the engine observed for one domain: the observe stage's output and the
 * judge stage's only input ({@link CheckRunner#observe}, {@link CheckRunner#judge}). One entry per
 * family that ran, in the order the families were given; each fact was fetched once in the run
 * (a fact two families need is observed by whichever asks first, {@link RunObservations}, and
 * each family's observation holds the typed value it uses). Round-trips through
 * {@link ObservationJson}.
 *
 * @param domain the domain as checked (A-label)
 * @param observedAt when the run started (the report's {@code checkedAt})
 * @param families one entry per family, in run order, ids unique
 */
public record DomainObservation(String domain, Instant observedAt, List<FamilyObservation> families) {

    public DomainObservation {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(observedAt, "observedAt");
        families = List.copyOf(families);
        Set<String> ids = new HashSet<>(families.size() * 2);
        for (FamilyObservation f : families) {
            if (!ids.add(f.check())) {
                throw new IllegalArgumentException("two observations of one family in " + domain);
            }
        }
    }

    /** The entry of the family {@code check}, if it ran. */
    public Optional<FamilyObservation> family(String check) {
        for (FamilyObservation f : families) {
            if (f.check().equals(check)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The observation of family {@code check} when it completed and is of {@code type}. */
    public <O extends Observation> Optional<O> observation(String check, Class<O> type) {
        return family(check)
                .flatMap(f -> f instanceof FamilyObservation.Observed o && type.isInstance(o.observation())
                        ? Optional.of(type.cast(o.observation()))
                        : Optional.empty());
    }

    /**
     * This observation with the families of {@code newer} (a second observation of some families,
     * as when a regression is confirmed) in place of its own: families in both take the newer
     * entry at their old position, families only in {@code newer} are appended.
     */
    public DomainObservation with(DomainObservation newer) {
        if (!newer.domain().equals(domain)) {
            throw new IllegalArgumentException("observations of " + domain + " and " + newer.domain());
        }
        Map<String, FamilyObservation> merged = new LinkedHashMap<>();
        families.forEach(f -> merged.put(f.check(), f));
        newer.families().forEach(f -> merged.put(f.check(), f));
        return new DomainObservation(domain, observedAt, new ArrayList<>(merged.values()));
    }

    /**
     * What became of one family in the observe stage.
     */
    public sealed interface FamilyObservation {

        /** The family's check id ({@link Check#id()}). */
        String check();

        /** When the family started observing. */
        Instant started();

        /** How long observing took. */
        Duration elapsed();

        /**
         * The family observed; its {@link Check#analyse} judges {@code observation}.
         *
         * @param observation of the family's {@link Check#observationType()}
         */
        record Observed(String check, Instant started, Duration elapsed, Observation observation)
                implements FamilyObservation {
            public Observed {
                Objects.requireNonNull(check, "check");
                Objects.requireNonNull(observation, "observation");
            }
        }

        /**
         * The family's observation did not complete (deadline overrun, interruption, a bug that
         * threw); judged as one {@code ERROR} result {@code CHECK_DID_NOT_COMPLETE} saying {@code reason}.
         */
        record NotObserved(String check, Instant started, Duration elapsed, String reason)
                implements FamilyObservation {
            public NotObserved {
                Objects.requireNonNull(check, "check");
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
