package dev.mailward.scanning;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DiscoveredTargets;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which checks a scan covered in full ({@code results.RunRecord#complete}): the record stage retires a current
 * result of such a check whose target the scan no longer has. A family covers its checks when it observed (it did
 * not run out of time), and: a family whose targets come from discovery ({@link DiscoveredTargets}: the endpoint
 * probes, whose results carry every probe check id, and {@code dane}) when discovery answered; any other family
 * when none of its results is {@code ERROR}. A run whose discovery failed (a {@link DiscoveredTargets} family that
 * did not get its answers, or an {@code ERROR} result of the {@code mx} family) covers nothing: the targets of the
 * other families (the MX hosts' addresses of {@code ptr}, {@code blocklist}, {@code dnssec}) come from the same
 * questions. An outage must never look like targets that are gone.
 */
final class Coverage {

    /** The family of the endpoint probes. */
    static final String ENDPOINTS = "endpoints";
    /** The family that asks the MX question. */
    static final String MX = "mx";

    private Coverage() {}

    static Set<String> complete(DomainObservation observation, List<CheckResult> results) {
        boolean discoveryFailed = results.stream().anyMatch(r -> r.check().equals(MX) && r.status() == Status.ERROR)
                || observation.families().stream()
                        .anyMatch(f -> f instanceof DomainObservation.FamilyObservation.Observed o
                                && o.observation() instanceof DiscoveredTargets d
                                && !d.discoveryAnswered());
        if (discoveryFailed) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (DomainObservation.FamilyObservation f : observation.families()) {
            if (!(f instanceof DomainObservation.FamilyObservation.Observed observed)) {
                continue;
            }
            if (observed.observation() instanceof DiscoveredTargets d) {
                if (!d.discoveryAnswered()) {
                    continue;
                }
                if (f.check().equals(ENDPOINTS)) {
                    ProbeCycles.PROBE_RESULT_IDS.stream()
                            .filter(id -> !id.equals("dane"))
                            .forEach(out::add);
                } else {
                    out.add(f.check());
                }
            } else if (results.stream()
                    .filter(r -> r.check().equals(f.check()))
                    .noneMatch(r -> r.status() == Status.ERROR)) {
                out.add(f.check());
            }
        }
        return out;
    }
}
