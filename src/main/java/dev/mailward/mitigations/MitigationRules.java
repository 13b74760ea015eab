package dev.mailward.mitigations;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The status and score rules (DESIGN.md §4) as pure functions over stored results: no I/O, no clock
 * (the caller passes {@code now} so that exception expiry is reproducible).
 */
public final class MitigationRules {

    private MitigationRules() {}

    /**
     * The status of one mitigation from the findings that inform it.
     *
     * <ol>
     * <li>No finding: {@code NOT_MEASURED}.</li>
     * <li>Only {@code NOT_APPLICABLE} findings: {@code NOT_APPLICABLE}.</li>
     * <li>Otherwise the worst status among the applicable findings not covered by an accepted exception
     * ({@code FAIL} over {@code ERROR} over {@code WARN} over {@code PASS}), so an {@code ERROR} beside passes
     * stays {@code ERROR} and never becomes a pass.</li>
     * <li>When that worst is a pass (or nothing is left) and some non-passing findings were accepted:
     * {@code ACCEPTED}.</li>
     * </ol>
     */
    public static MitigationStatus status(List<ObservedFinding> findings) {
        if (findings.isEmpty()) {
            return MitigationStatus.NOT_MEASURED;
        }
        Status worst = Status.NOT_APPLICABLE;
        boolean accepted = false;
        for (ObservedFinding f : findings) {
            if (f.accepted()) {
                accepted = true;
            } else {
                worst = worst.worse(f.finding().status());
            }
        }
        return switch (worst) {
            case FAIL -> MitigationStatus.FAIL;
            case ERROR -> MitigationStatus.ERROR;
            case WARN -> MitigationStatus.WARN;
            case PASS -> accepted ? MitigationStatus.ACCEPTED : MitigationStatus.PASS;
            case NOT_APPLICABLE -> accepted ? MitigationStatus.ACCEPTED : MitigationStatus.NOT_APPLICABLE;
        };
    }

    /** The findings of {@code results} grouped by the mitigation they inform, with the exceptions applied. */
    public static Map<Mitigation, List<ObservedFinding>> group(
            List<CheckResult> results, List<AcceptedException> exceptions, Instant now) {
        Map<Mitigation, List<ObservedFinding>> byMitigation = new EnumMap<>(Mitigation.class);
        for (CheckResult r : results) {
            for (Finding f : r.findings()) {
                Mitigation m;
                try {
                    m = Mitigation.fromId(f.mitigation());
                } catch (IllegalArgumentException e) {
                    continue; // a stored finding of a mitigation this version does not know: not ours to judge
                }
                var exception = exceptions.stream()
                        .filter(x -> x.covers(r.check(), f.code(), r.target(), now))
                        .findFirst();
                byMitigation
                        .computeIfAbsent(m, k -> new ArrayList<>())
                        .add(new ObservedFinding(r.check(), r.target(), f, exception));
            }
        }
        byMitigation
                .values()
                .forEach(l -> l.sort(Comparator.comparingInt(
                                (ObservedFinding o) -> o.finding().status().severity())
                        .reversed()));
        return byMitigation;
    }

    /**
     * Every mitigation's status and the domain score.
     *
     * @param results the domain's current results (every check, every target)
     * @param exceptions the domain's accepted exceptions (expired ones are ignored)
     * @param weights the catalogue weight of each mitigation ({@link MitigationCatalogue#weights()})
     * @param now the instant exceptions are judged at
     */
    public static DomainAssessment assess(
            List<CheckResult> results,
            List<AcceptedException> exceptions,
            Map<Mitigation, Integer> weights,
            Instant now) {
        Map<Mitigation, List<ObservedFinding>> grouped = group(results, exceptions, now);
        Map<Mitigation, MitigationAssessment> out = new EnumMap<>(Mitigation.class);
        for (Mitigation m : Mitigation.values()) {
            List<ObservedFinding> fs = grouped.getOrDefault(m, List.of());
            out.put(m, new MitigationAssessment(m, status(fs), fs));
        }
        Map<Mitigation, MitigationStatus> statuses = new EnumMap<>(Mitigation.class);
        out.forEach((m, a) -> statuses.put(m, a.status()));
        return new DomainAssessment(out, score(statuses, weights));
    }

    /** The share of a mitigation's weight a status earns (see {@link ScoreBreakdown}). */
    public static double credit(MitigationStatus status) {
        return switch (status) {
            case PASS -> 1.0;
            case WARN, ACCEPTED -> 0.5;
            case FAIL, ERROR, NOT_APPLICABLE, NOT_MEASURED -> 0.0;
        };
    }

    /**
     * The weighted score of {@code statuses}; a mitigation missing from the map is {@code NOT_MEASURED}.
     *
     * @throws IllegalArgumentException when a weight is missing or not positive
     */
    public static ScoreBreakdown score(Map<Mitigation, MitigationStatus> statuses, Map<Mitigation, Integer> weights) {
        List<ScoreBreakdown.Line> lines = new ArrayList<>();
        int counted = 0;
        double earned = 0;
        for (Mitigation m : Mitigation.values()) {
            Integer weight = weights.get(m);
            if (weight == null || weight <= 0) {
                throw new IllegalArgumentException("mitigation " + m.id() + " has no positive weight: " + weight);
            }
            MitigationStatus s = statuses.getOrDefault(m, MitigationStatus.NOT_MEASURED);
            ScoreBreakdown.Line line = new ScoreBreakdown.Line(m, s, weight, credit(s), s.counted());
            lines.add(line);
            if (line.counted()) {
                counted += weight;
                earned += line.earned();
            }
        }
        OptionalInt percent =
                counted == 0 ? OptionalInt.empty() : OptionalInt.of((int) Math.floor(100.0 * earned / counted + 0.5));
        return new ScoreBreakdown(lines, counted, earned, percent);
    }
}
