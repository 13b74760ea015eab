package dev.mailward.mitigations;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remediation guides and the fixes generated for a domain from its stored results. Thread-safe.
 *
 * <p>The fixes come from {@link FixGenerator} (evidence only; a fix that cannot be built from what
 * was observed is left out).
 */
public final class GuideService {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The most characters of one result's evidence a domain's guide shows. */
    public static final int MAX_EVIDENCE_CHARS = 20_000;

    private final MitigationCatalogue catalogue;
    private final Clock clock;

    public GuideService(MitigationCatalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public MitigationCatalogue catalogue() {
        return catalogue;
    }

    /** The guide of the mitigation with the stable id, e.g. {@code spf-dkim}. */
    public Optional<CatalogueEntry> guide(String id) {
        return catalogue.byId(id);
    }

    /** Every fix Mailward can generate for {@code domain} from {@code results}, grouped by mitigation. */
    public Map<Mitigation, List<GeneratedFix>> fixesByMitigation(String domain, List<CheckResult> results) {
        Map<Mitigation, List<GeneratedFix>> out = new LinkedHashMap<>();
        for (FixGenerator.Generated g : FixGenerator.generate(domain, results, clock.instant())) {
            out.computeIfAbsent(g.mitigation(), k -> new ArrayList<>()).add(g.fix());
        }
        return out;
    }

    /** Every fix for {@code domain}, those answering a FAIL first (the integrator's entry point). */
    public List<GeneratedFix> fixesFor(String domain, List<CheckResult> results) {
        return fixesByMitigation(domain, results).values().stream()
                .flatMap(Collection::stream)
                .toList();
    }

    /**
     * The guide of {@code mitigation} filled in for one domain: its status, the results whose findings of the
     * mitigation fail, err or warn (worst first, with their evidence) and the fixes generated for it (those
     * answering a FAIL first).
     */
    public DomainGuide forDomain(Mitigation mitigation, DomainObservations domain, Instant now) {
        return forDomain(mitigation, domain, now, List.of());
    }

    /**
     * {@link #forDomain(Mitigation, DomainObservations, Instant)} with the generated SPF record also naming the
     * senders seen in the domain's DMARC reports ({@link FixGenerator#generate(String, List, Instant, List)});
     * only when the user asked for them.
     */
    public DomainGuide forDomain(
            Mitigation mitigation, DomainObservations domain, Instant now, List<FixGenerator.SeenSender> seen) {
        List<CheckResult> results = domain.checkResults();
        List<ObservedFinding> findings =
                MitigationRules.group(results, domain.exceptions(), now).getOrDefault(mitigation, List.of());
        Map<String, List<ObservedFinding>> byResult = new LinkedHashMap<>();
        for (ObservedFinding f : findings) {
            if (f.finding().status().severity() >= Status.WARN.severity()) {
                byResult.computeIfAbsent(f.check() + "\u0000" + f.target(), k -> new ArrayList<>())
                        .add(f);
            }
        }
        List<DomainGuide.ResultEvidence> shown = new ArrayList<>();
        for (List<ObservedFinding> fs : byResult.values()) {
            ObservedFinding first = fs.getFirst();
            Map<String, Object> evidence = domain.results().stream()
                    .filter(o -> o.result().check().equals(first.check())
                            && o.result().target().equals(first.target()))
                    .findFirst()
                    .map(DomainObservations.Observed::evidence)
                    .orElse(Map.of());
            String json = evidence.isEmpty() ? "" : JSON.writeValueAsString(evidence);
            boolean cut = json.length() > MAX_EVIDENCE_CHARS;
            shown.add(new DomainGuide.ResultEvidence(
                    first.check(), first.target(), fs, cut ? json.substring(0, MAX_EVIDENCE_CHARS) : json, cut));
        }
        return new DomainGuide(
                domain.domainId(),
                domain.name(),
                domain.displayName(),
                MitigationRules.status(findings),
                shown,
                FixGenerator.generate(domain.name(), results, clock.instant(), seen).stream()
                        .filter(g -> g.mitigation() == mitigation)
                        .toList());
    }

    /** The fixes that belong on the guide of {@code mitigation}. */
    public List<GeneratedFix> fixesFor(Mitigation mitigation, String domain, List<CheckResult> results) {
        return fixesByMitigation(domain, results).getOrDefault(mitigation, List.of());
    }
}
