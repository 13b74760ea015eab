package dev.mailward.reports;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.AcceptedException;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationAssessment;
import dev.mailward.mitigations.MitigationRules;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.mitigations.ObservedFinding;
import dev.mailward.scanning.AcceptedFinding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A domain's mitigation statuses and score from its results at the report's point in time (the mitigations rules). */
final class Assessor {

    private Assessor() {
    }

    static DomainAssessment assess(DomainSnapshot domain, Map<Mitigation, Integer> weights, Instant at) {
        Map<Mitigation, List<ObservedFinding>> grouped = new EnumMap<>(Mitigation.class);
        for (ReportRow r : domain.results()) {
            for (Finding f : r.findings()) {
                Mitigation m;
                try {
                    m = Mitigation.fromId(f.mitigation());
                } catch (IllegalArgumentException e) {
                    continue; // a finding of a mitigation this version does not know
                }
                Optional<AcceptedException> accepted = domain.exceptions().stream()
                        .filter(x -> x.covers(r.check(), r.target(), f.code())).findFirst().map(Assessor::exception);
                grouped.computeIfAbsent(m, k -> new ArrayList<>()).add(new ObservedFinding(r.check(), r.target(), f,
                        accepted));
            }
        }
        Map<Mitigation, MitigationAssessment> out = new EnumMap<>(Mitigation.class);
        Map<Mitigation, MitigationStatus> statuses = new EnumMap<>(Mitigation.class);
        for (Mitigation m : Mitigation.values()) {
            List<ObservedFinding> fs = new ArrayList<>(grouped.getOrDefault(m, List.of()));
            fs.sort(Comparator.comparingInt((ObservedFinding o) -> o.finding().status().severity()).reversed());
            MitigationStatus s = MitigationRules.status(fs);
            out.put(m, new MitigationAssessment(m, s, fs));
            statuses.put(m, s);
        }
        return new DomainAssessment(out, MitigationRules.score(statuses, weights));
    }

    private static AcceptedException exception(AcceptedFinding f) {
        // the exception holds through its expiry day (inclusive, UTC)
        Instant end = f.expiresOn().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new AcceptedException(f.code(), Optional.of(f.target()), f.reason(), end);
    }
}
