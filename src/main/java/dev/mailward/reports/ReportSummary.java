package dev.mailward.reports;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The executive summary of a report, accumulated domain by domain.
 */
final class ReportSummary {

    private int domains;
    private int scored;
    private long scoreSum;
    private int results;
    private final Map<Mitigation, EnumMap<MitigationStatus, Integer>> compliance = new EnumMap<>(Mitigation.class);
    private Optional<ReportSource.Changes> changes = Optional.empty();

    ReportSummary() {
        for (Mitigation m : Mitigation.values()) {
            EnumMap<MitigationStatus, Integer> counts = new EnumMap<>(MitigationStatus.class);
            for (MitigationStatus s : MitigationStatus.values()) {
                counts.put(s, 0);
            }
            compliance.put(m, counts);
        }
    }

    void add(DomainSnapshot domain, DomainAssessment assessment) {
        domains++;
        results += domain.results().size();
        assessment.score().percent().ifPresent(p -> {
            scored++;
            scoreSum += p;
        });
        assessment.mitigations().forEach((m, a) -> compliance.get(m).merge(a.status(), 1, Integer::sum));
    }

    void changes(ReportSource.Changes c) {
        changes = Optional.of(c);
    }

    public int domains() {
        return domains;
    }

    public int results() {
        return results;
    }

    public int scoredDomains() {
        return scored;
    }

    /** The mean of the domain scores that exist, in percent. */
    public OptionalDouble averageScore() {
        return scored == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) scoreSum / scored);
    }

    /** The average as text with one decimal, or empty. */
    public Optional<String> averageScoreText() {
        OptionalDouble a = averageScore();
        return a.isPresent()
                ? Optional.of(String.format(java.util.Locale.ROOT, "%.1f", a.getAsDouble()))
                : Optional.empty();
    }

    public Map<Mitigation, EnumMap<MitigationStatus, Integer>> compliance() {
        return compliance;
    }

    /** One row of the compliance table, for templates. */
    record ComplianceRow(String mitigation, List<Integer> counts, int passing, int counted) {}

    public List<ComplianceRow> complianceRows() {
        return compliance.entrySet().stream()
                .map(e -> {
                    List<Integer> counts = List.of(MitigationStatus.values()).stream()
                            .map(s -> e.getValue().get(s))
                            .toList();
                    int passing = e.getValue().get(MitigationStatus.PASS);
                    int counted = (int) e.getValue().entrySet().stream()
                            .filter(x -> x.getKey().counted())
                            .mapToLong(Map.Entry::getValue)
                            .sum();
                    return new ComplianceRow(e.getKey().id(), counts, passing, counted);
                })
                .toList();
    }

    public Optional<ReportSource.Changes> changes() {
        return changes;
    }
}
