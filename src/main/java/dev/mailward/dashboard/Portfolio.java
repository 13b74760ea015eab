package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.inventory.PageOf;
import dev.mailward.mitigations.MitigationStatus;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The portfolio page: what the user's fleet (narrowed by team and tag) looks like.
 *
 * @param domains domains in scope
 * @param scored domains with a score
 * @param average the average score of the scored domains
 * @param histogram domains per score band: {@code [0,10)}, {@code [10,20)}, ..., {@code [90,100]} (ten bands)
 * @param compliance one line per mitigation, in catalogue order
 * @param matrix the page of the domains × mitigations matrix
 * @param trend the fleet's average score per day (UTC), oldest first; days without scores are absent
 */
public record Portfolio(
        long domains,
        long scored,
        OptionalDouble average,
        List<Integer> histogram,
        List<Compliance> compliance,
        PageOf<Row> matrix,
        List<TrendPoint> trend) {

    public Portfolio {
        histogram = List.copyOf(histogram);
        compliance = List.copyOf(compliance);
        trend = List.copyOf(trend);
    }

    /**
     * How one mitigation stands across the fleet.
     *
     * @param mitigation the mitigation
     * @param counts domains per status (every status present, possibly 0)
     * @param total domains counted (all domains in scope)
     */
    public record Compliance(Mitigation mitigation, Map<MitigationStatus, Integer> counts, int total) {

        public Compliance {
            counts = Collections.unmodifiableMap(new EnumMap<>(counts));
        }

        public int count(MitigationStatus s) {
            return counts.getOrDefault(s, 0);
        }

        /** The share of domains with {@code s}, in whole percent (0 when there are no domains). */
        public int percent(MitigationStatus s) {
            return total == 0 ? 0 : (int) Math.round(100.0 * count(s) / total);
        }
    }

    /**
     * One row of the matrix.
     *
     * @param domainId the domain
     * @param name A-label
     * @param displayName U-label
     * @param teamName its team
     * @param tags its tags
     * @param score the score, empty when none (not scanned, or nothing measured and applicable)
     * @param statuses one status per mitigation in catalogue order ({@code NOT_MEASURED} before the first scan)
     * @param scanned whether the domain has results
     */
    public record Row(
            long domainId,
            String name,
            String displayName,
            String teamName,
            List<String> tags,
            OptionalInt score,
            List<MitigationStatus> statuses,
            boolean scanned) {

        public Row {
            tags = List.copyOf(tags);
            statuses = List.copyOf(statuses);
        }
    }

    /**
     * One day of a trend.
     *
     * @param day the UTC day
     * @param average average score that day
     * @param domains how many domains had a score that day
     */
    public record TrendPoint(LocalDate day, double average, int domains) {}
}
