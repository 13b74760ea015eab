package dev.mailward.dashboard;

import dev.mailward.inventory.PageOf;
import dev.mailward.mitigations.CatalogueEntry;
import dev.mailward.mitigations.MitigationStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

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
     */
    public record Row(
            long domainId, String name, String displayName, String teamName, MitigationStatus status, int score) {}
}
