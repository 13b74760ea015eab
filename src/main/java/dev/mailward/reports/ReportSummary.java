package dev.mailward.reports;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.results.AcceptedFinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The executive summary of a report, accumulated domain by domain: the scores, the problems worst
 * first, the mitigations across the scope, the changes and the accepted risks.
 */
final class ReportSummary {

    /** The most problems the worst-first list shows. */
    static final int PROBLEMS_LISTED = 20;
    /** The most domains the "lowest scores" list and the accepted risks list show. */
    static final int LISTED = 15;
    /** The most distinct problems counted (a bound on memory for huge scopes). */
    private static final int MAX_PROBLEMS = 20_000;
    /** The domains named per problem. */
    private static final int EXAMPLES = 3;

    /** A problem shared by one or more domains, worst first by {@link #WORST_FIRST}. */
    record Problem(
            String code,
            Status status,
            String mitigation,
            String cause,
            String message,
            int weight,
            int domains,
            List<String> examples) {}

    /** A domain's score for the "lowest scores" list. */
    record DomainScore(String domain, int percent) {}

    /** An accepted risk with its expiry, for the summary. */
    record AcceptedRisk(String domain, AcceptedFinding finding) {}

    /**
     * Failures before warnings before errors (could not determine); then the mitigation's weight
     * times the number of domains that share the cause; then by code.
     */
    static final Comparator<Problem> WORST_FIRST = Comparator.comparingInt((Problem p) -> rank(p.status()))
            .thenComparing(Comparator.comparingLong((Problem p) -> (long) Math.max(1, p.weight()) * p.domains())
                    .reversed())
            .thenComparing(Problem::code)
            .thenComparing(Problem::cause);

    private static int rank(Status s) {
        return switch (s) {
            case FAIL -> 0;
            case WARN -> 1;
            default -> 2;
        };
    }

    private final Map<Mitigation, Integer> weights;
    private final Map<List<String>, Tally> problems = new HashMap<>();
    private final List<DomainScore> lowest = new ArrayList<>();
    private final List<AcceptedRisk> accepted = new ArrayList<>();
    private int acceptedCount;

    private static final class Tally {
        final String code;
        final Status status;
        final String mitigation;
        final String cause;
        final String message;
        final List<String> examples = new ArrayList<>();
        int domains;
        long lastDomain = -1;

        Tally(String code, Status status, String mitigation, String cause, String message) {
            this.code = code;
            this.status = status;
            this.mitigation = mitigation;
            this.cause = cause;
            this.message = message;
        }
    }

    private int domains;
    private int scored;
    private long scoreSum;
    private int results;
    private final Map<Mitigation, EnumMap<MitigationStatus, Integer>> compliance = new EnumMap<>(Mitigation.class);
    private Optional<ReportSource.Changes> changes = Optional.empty();

    ReportSummary() {
        this(Map.of());
    }

    /** @param weights the mitigations' weights (the catalogue's), for ordering the problems */
    ReportSummary(Map<Mitigation, Integer> weights) {
        this.weights = weights;
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
        assessment.score().percent().ifPresent(p -> {
            lowest.add(new DomainScore(domain.displayName(), p));
            if (lowest.size() > 4 * LISTED) {
                trimLowest();
            }
        });
        for (AcceptedFinding f : domain.exceptions()) {
            acceptedCount++;
            accepted.add(new AcceptedRisk(domain.displayName(), f));
            if (accepted.size() > 4 * LISTED) {
                trimAccepted();
            }
        }
        for (ReportRow r : domain.results()) {
            for (Finding f : r.findings()) {
                // a check the DNSSEC failure blocked is no problem of its own: the failure is listed, and fixing it
                // unblocks the check
                if (f.status() != Status.FAIL && f.status() != Status.WARN && f.status() != Status.ERROR
                        || f.blockedByDnssec()
                        || domain.accepted(r, f.code())) {
                    continue;
                }
                String cause = sharedCause(domain.name(), r.target());
                List<String> key = List.of(f.status().name(), f.code(), cause);
                Tally t = problems.get(key);
                if (t == null) {
                    if (problems.size() >= MAX_PROBLEMS) {
                        continue;
                    }
                    t = new Tally(f.code(), f.status(), f.mitigation(), cause, f.message());
                    problems.put(key, t);
                }
                if (t.lastDomain != domain.id()) {
                    t.lastDomain = domain.id();
                    t.domains++;
                    if (t.examples.size() < EXAMPLES) {
                        t.examples.add(domain.displayName());
                    }
                }
            }
        }
    }

    /**
     * The cause several domains can share: a target that is not the domain itself nor one of its own
     * names (an MX host, an endpoint {@code host:port}); empty for the domain's own records.
     */
    static String sharedCause(String domain, String target) {
        String t = target == null ? "" : target.toLowerCase(java.util.Locale.ROOT);
        String d = domain.toLowerCase(java.util.Locale.ROOT);
        return t.isEmpty() || t.equals(d) || t.endsWith("." + d) ? "" : target;
    }

    private void trimLowest() {
        lowest.sort(Comparator.comparingInt(DomainScore::percent).thenComparing(DomainScore::domain));
        lowest.subList(LISTED, lowest.size()).clear();
    }

    private void trimAccepted() {
        accepted.sort(Comparator.comparing((AcceptedRisk a) -> a.finding().expiresOn())
                .thenComparing(AcceptedRisk::domain));
        accepted.subList(LISTED, accepted.size()).clear();
    }

    /** The problems of the scope, worst first ({@link #WORST_FIRST}), at most {@link #PROBLEMS_LISTED}. */
    public List<Problem> worstFirst() {
        return problems.values().stream()
                .map(t -> new Problem(
                        t.code,
                        t.status,
                        t.mitigation,
                        t.cause,
                        t.message,
                        weight(t.mitigation),
                        t.domains,
                        List.copyOf(t.examples)))
                .sorted(WORST_FIRST)
                .limit(PROBLEMS_LISTED)
                .toList();
    }

    /** How many distinct problems there are in all (the list shows at most {@link #PROBLEMS_LISTED}). */
    public int problemCount() {
        return problems.size();
    }

    private int weight(String mitigation) {
        try {
            return weights.getOrDefault(Mitigation.fromId(mitigation), 1);
        } catch (IllegalArgumentException e) {
            return 1;
        }
    }

    /** The domains with the lowest scores, lowest first, at most {@link #LISTED}. */
    public List<DomainScore> lowestScores() {
        trimLowestIfNeeded();
        return List.copyOf(lowest);
    }

    private void trimLowestIfNeeded() {
        lowest.sort(Comparator.comparingInt(DomainScore::percent).thenComparing(DomainScore::domain));
        if (lowest.size() > LISTED) {
            lowest.subList(LISTED, lowest.size()).clear();
        }
    }

    /** The accepted risks in force, soonest expiry first, at most {@link #LISTED}. */
    public List<AcceptedRisk> acceptedRisks() {
        accepted.sort(Comparator.comparing((AcceptedRisk a) -> a.finding().expiresOn())
                .thenComparing(AcceptedRisk::domain));
        if (accepted.size() > LISTED) {
            accepted.subList(LISTED, accepted.size()).clear();
        }
        return List.copyOf(accepted);
    }

    /** How many accepted risks are in force in all. */
    public int acceptedCount() {
        return acceptedCount;
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
