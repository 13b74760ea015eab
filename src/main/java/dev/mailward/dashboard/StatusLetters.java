package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.MitigationStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code domain_score.statuses} encoding: one letter per mitigation, at the position {@link #LAYOUT} gives
 * it, so that a filter "mitigation X has status Y" is a regular expression over a 13-character column. The
 * positions are this stored format's own, not the enum's declaration order: reordering {@link Mitigation}
 * changes nothing stored. A new mitigation is appended to {@link #LAYOUT} (and the column widened by a
 * migration); a position is never reused.
 */
final class StatusLetters {

    /** The stored order; {@code StatusLettersTests} pins it. */
    static final List<Mitigation> LAYOUT = List.of(
            Mitigation.LISTENERS,
            Mitigation.NO_OPEN_RELAY,
            Mitigation.MAINTAINED_MTA,
            Mitigation.MAILBOX_ACCESS,
            Mitigation.REPUTATION,
            Mitigation.LAYERED_AUTH,
            Mitigation.SIEVE,
            Mitigation.SASL_SUBMISSION,
            Mitigation.SPF_DKIM,
            Mitigation.DNSSEC_DANE,
            Mitigation.RSPAMD,
            Mitigation.DOS_LIMITS,
            Mitigation.TLS);

    static final int COUNT = LAYOUT.size();
    static final String NONE = "M".repeat(COUNT);
    private static final Map<Mitigation, Integer> POSITIONS = positions();

    private StatusLetters() {}

    private static Map<Mitigation, Integer> positions() {
        Map<Mitigation, Integer> out = new EnumMap<>(Mitigation.class);
        for (int i = 0; i < LAYOUT.size(); i++) {
            if (out.put(LAYOUT.get(i), i) != null) {
                throw new IllegalStateException(LAYOUT.get(i) + " appears twice in the stored layout");
            }
        }
        for (Mitigation m : Mitigation.values()) {
            if (!out.containsKey(m)) {
                throw new IllegalStateException(m + " has no position in domain_score.statuses: append it to LAYOUT");
            }
        }
        return out;
    }

    /** The 0-based position of {@code m}'s letter in the column (SQL's {@code substr} counts from 1). */
    static int position(Mitigation m) {
        return POSITIONS.get(m);
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
        for (Mitigation m : LAYOUT) {
            sb.append(letter(statuses.getOrDefault(m, MitigationStatus.NOT_MEASURED)));
        }
        return sb.toString();
    }

    /** The statuses of a stored column, one per mitigation in catalogue ({@link Mitigation}) order. */
    static List<MitigationStatus> decode(String letters) {
        String s = letters == null || letters.length() != COUNT ? NONE : letters;
        List<MitigationStatus> out = new ArrayList<>(COUNT);
        for (Mitigation m : Mitigation.values()) {
            out.add(status(s.charAt(position(m))));
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
            return "^.{" + position(mitigation.get()) + "}" + set;
        }
        return status.isPresent() ? set : "";
    }
}
