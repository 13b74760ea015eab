package dev.mailward.dashboard;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.inventory.InventoryService;
import dev.mailward.mitigations.DomainGuideSource;
import dev.mailward.mitigations.DomainObservations;
import dev.mailward.results.Results;
import dev.mailward.results.StoredResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The domain's current results and exceptions for the remediation guides ({@code ?domain=}). The domain
 * is looked up through {@link InventoryService}, so another team's domain is not found.
 */
@Component
class GuideObservations implements DomainGuideSource {

    private final InventoryService inventory;
    private final Results results;
    private final ScoreRefresher refresher;

    GuideObservations(InventoryService inventory, Results results, ScoreRefresher refresher) {
        this.inventory = inventory;
        this.results = results;
        this.refresher = refresher;
    }

    @Override
    public Optional<DomainObservations> observations(String domain) {
        return find(domain)
                .map(d -> new DomainObservations(
                        d.id(),
                        d.name(),
                        d.displayName(),
                        results.currentResults(d.id()).stream()
                                .map(GuideObservations::observed)
                                .toList(),
                        refresher.exceptions(d.id())));
    }

    private Optional<DomainDetails> find(String domain) {
        if (domain.chars().allMatch(Character::isDigit) && domain.length() <= 18) {
            try {
                return Optional.of(inventory.domain(Long.parseLong(domain)));
            } catch (InventoryNotFoundException e) {
                return Optional.empty();
            }
        }
        return inventory.domainNamed(domain);
    }

    /** The stored result with the parts of its evidence that fixes are built from: certificates and details. */
    static DomainObservations.Observed observed(StoredResult r) {
        List<Map<String, Object>> certificates = new ArrayList<>();
        if (r.evidence().get("certificates") instanceof List<?> chain) {
            for (Object c : chain) {
                if (c instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new java.util.LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    certificates.add(copy);
                }
            }
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>(r.details());
        details.remove("certificates");
        Evidence evidence = new Evidence(List.of(), List.of(), List.of(), certificates, details);
        return new DomainObservations.Observed(
                new CheckResult(r.check(), r.target(), r.status(), r.findings(), evidence, r.checkedAt(), r.elapsed()),
                r.evidence());
    }
}
