package dev.mailward.dashboard;

import dev.mailward.checks.Status;
import dev.mailward.inventory.PageOf;
import dev.mailward.mitigations.CatalogueEntry;
import dev.mailward.mitigations.MitigationStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One mitigation across the user's fleet: how many domains have each status, and a page of the domains
 * where it fails, errs or warns (failures first).
 *
 * @param entry the catalogue entry (title, weight, guide)
 * @param counts domains per status
 * @param domains the page of failing, erring and warning domains
 */
public record MitigationDomains(CatalogueEntry entry, Map<MitigationStatus, Integer> counts, PageOf<Row> domains) {

    public MitigationDomains {
        counts = Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    public int count(MitigationStatus s) {
        return counts.getOrDefault(s, 0);
    }

    /**
     * A domain and its status for the mitigation.
     *
     * @param domainId the domain
     * @param name A-label
     * @param displayName U-label
     * @param teamName team
     * @param status its status for the mitigation
     * @param score its score, -1 when none
     * @param topFinding why: its worst finding of the mitigation in the current results; empty when the
     *     results hold none (the status came from elsewhere, e.g. a check that did not run)
     */
    public record Row(
            long domainId,
            String name,
            String displayName,
            String teamName,
            MitigationStatus status,
            int score,
            Optional<TopFinding> topFinding) {}

    /** The longest message shown in a list; the guide and the domain's results show it whole. */
    public static final int SHORT_MESSAGE = 160;

    /**
     * A domain's worst finding of one mitigation.
     *
     * @param code the finding code
     * @param status its status (fail, error or warn)
     * @param message its one-line message
     */
    public record TopFinding(String code, Status status, String message) {

        /** The message cut at {@link #SHORT_MESSAGE} characters (at a space where one is near), with an ellipsis. */
        public String shortMessage() {
            if (message.length() <= SHORT_MESSAGE) {
                return message;
            }
            int cut = message.lastIndexOf(' ', SHORT_MESSAGE - 1);
            if (cut < SHORT_MESSAGE * 2 / 3) {
                cut = SHORT_MESSAGE - 1;
            }
            return message.substring(0, cut).stripTrailing() + "…";
        }
    }
}
