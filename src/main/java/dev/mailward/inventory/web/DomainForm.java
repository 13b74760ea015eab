package dev.mailward.inventory.web;

import dev.mailward.inventory.AddDomain;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.UpdateDomain;
import java.util.Arrays;
import java.util.List;

/** What the domain form binds; tags and selectors are typed as one line each. */
record DomainForm(String name, Long teamId, String tags, String selectors, Integer interval, String notes) {

    static DomainForm empty(Long teamId) {
        return new DomainForm("", teamId, "", "", AddDomain.DEFAULT_INTERVAL, "");
    }

    static DomainForm of(DomainDetails d) {
        return new DomainForm(
                d.displayName(),
                d.teamId(),
                String.join(", ", d.tags()),
                String.join(", ", d.dkimSelectors()),
                d.checkIntervalMinutes(),
                d.notes());
    }

    AddDomain toAdd() {
        return new AddDomain(
                name,
                teamId == null ? -1 : teamId,
                split(tags),
                split(selectors),
                interval == null ? AddDomain.DEFAULT_INTERVAL : interval,
                notes);
    }

    UpdateDomain toUpdate() {
        return new UpdateDomain(
                teamId == null ? -1 : teamId,
                split(tags),
                split(selectors),
                interval == null ? AddDomain.DEFAULT_INTERVAL : interval,
                notes);
    }

    private static List<String> split(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split("[,;\\s]+")).filter(x -> !x.isBlank()).toList();
    }
}
