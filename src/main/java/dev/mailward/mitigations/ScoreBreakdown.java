package dev.mailward.mitigations;

import dev.mailward.checks.Mitigation;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a domain score was computed, line by line, so that users can check it.
 *
 * <p>The score is {@code 100 × Σ(weight × credit) / Σ(weight)} over the mitigations that are measured and
 * applicable. Credit: {@code PASS} 1, {@code WARN} 0.5, {@code ACCEPTED} 0.5 (the risk is known and documented,
 * not removed), {@code FAIL} 0, {@code ERROR} 0 (could not be measured, so it cannot earn a pass, but it stays in
 * the denominator so that a scanner outage never raises a score). {@code NOT_APPLICABLE} and {@code NOT_MEASURED}
 * mitigations are left out. Rounded half up to a whole percent.
 *
 * @param lines one line per mitigation of the catalogue, counted or not
 * @param countedWeight the denominator: the sum of the weights of counted mitigations
 * @param earnedWeight the numerator: the sum of weight × credit
 * @param percent the score, empty when nothing is counted (no mitigation measured and applicable)
 */
public record ScoreBreakdown(List<Line> lines, int countedWeight, double earnedWeight, OptionalInt percent) {

    public ScoreBreakdown {
        lines = List.copyOf(lines);
        Objects.requireNonNull(percent, "percent");
    }

    /**
     * One mitigation's share of the score.
     *
     * @param mitigation the mitigation
     * @param status its status
     * @param weight its catalogue weight
     * @param credit the share of the weight it earns (0, 0.5 or 1)
     * @param counted whether it enters the score
     */
    public record Line(Mitigation mitigation, MitigationStatus status, int weight, double credit, boolean counted) {

        /** weight × credit, or 0 when not counted. */
        public double earned() {
            return counted ? weight * credit : 0;
        }
    }

    /** The computation in one English sentence, for the CLI, the API and reports. */
    public String explanation() {
        if (percent.isEmpty()) {
            return "No score: no mitigation is both measured and applicable.";
        }
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            if (!l.counted()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(" + ");
            }
            sb.append(l.mitigation().id())
                    .append(' ')
                    .append(l.status())
                    .append(' ')
                    .append(l.weight())
                    .append('×')
                    .append(format(l.credit()));
        }
        return "Score = (" + sb + ") / " + countedWeight + " = " + format(earnedWeight) + " / " + countedWeight + " = "
                + percent.getAsInt() + "%";
    }

    static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
