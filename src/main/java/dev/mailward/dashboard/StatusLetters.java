package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.MitigationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code domain_score.statuses} encoding: one letter per mitigation in {@link Mitigation} order, so
 * that a filter "mitigation X has status Y" is a regular expression over a 13-character column.
 */
final class StatusLetters {

    static final int COUNT = Mitigation.values().length;
    static final String NONE = "M".repeat(COUNT);

    private StatusLetters() {
    }

    static char letter(MitigationStatus s) {
        return switch (s) {
            case PASS -> 'P';
            case WARN -> 'W';
            case FAIL -> 'F';
            case ERROR -> 'E';
            case NOT_APPLICABLE -> 'N';
            case NOT_MEASURED -> 'M';
            case ACCEPTED -> 'A';
        };
    }

    static MitigationStatus status(char c) {
        return switch (c) {
            case 'P' -> MitigationStatus.PASS;
            case 'W' -> MitigationStatus.WARN;
            case 'F' -> MitigationStatus.FAIL;
            case 'E' -> MitigationStatus.ERROR;
            case 'N' -> MitigationStatus.NOT_APPLICABLE;
            case 'A' -> MitigationStatus.ACCEPTED;
            default -> MitigationStatus.NOT_MEASURED;
        };
    }

    static String encode(Map<Mitigation, MitigationStatus> statuses) {
        StringBuilder sb = new StringBuilder(COUNT);
        for (Mitigation m : Mitigation.values()) {
            sb.append(letter(statuses.getOrDefault(m, MitigationStatus.NOT_MEASURED)));
        }
        return sb.toString();
    }

    static List<MitigationStatus> decode(String letters) {
        String s = letters == null || letters.length() != COUNT ? NONE : letters;
        List<MitigationStatus> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            out.add(status(s.charAt(i)));
        }
        return out;
    }

    /**
     * The regular expression over {@code statuses} for a filter: a status anywhere, a status of one
     * mitigation, or one mitigation not passing (fail, warn or error); empty string for no filter.
     */
    static String pattern(java.util.Optional<MitigationStatus> status, java.util.Optional<Mitigation> mitigation) {
        String set = status.map(s -> String.valueOf(letter(s))).orElse("[FWE]");
        if (mitigation.isPresent()) {
            return "^.{" + mitigation.get().ordinal() + "}" + set;
        }
        return status.isPresent() ? set : "";
    }
}
