package dev.mailward.dashboard.api;

import dev.mailward.dashboard.DashboardQueries;
import dev.mailward.dashboard.DomainDashboard;
import dev.mailward.mitigations.CatalogueEntry;
import dev.mailward.mitigations.MitigationAssessment;
import dev.mailward.mitigations.ObservedFinding;
import dev.mailward.mitigations.ScoreBreakdown;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/mitigations}: the mitigation catalogue (weights, what each protects against, the
 * finding codes behind it, the guide's address); {@code /api/v1/domains/{id}/mitigations}: one
 * domain's score and the status of every mitigation with the findings it was derived from.
 */
@Tag(name = "Mitigations")
@RestController
class MitigationsApiController {

    private final DashboardQueries dashboards;

    MitigationsApiController(DashboardQueries dashboards) {
        this.dashboards = dashboards;
    }

    record Code(String code, String title, List<String> checks) {}

    record Mitigation(
            String id,
            String title,
            int weight,
            String protectsAgainst,
            String measuredBy,
            String revised,
            String guide,
            List<Code> codes) {
        static Mitigation of(CatalogueEntry e) {
            return new Mitigation(
                    e.id(),
                    e.title(),
                    e.weight(),
                    e.protectsAgainst(),
                    e.measuredBy(),
                    e.revised(),
                    "/mitigations/" + e.id() + "/guide",
                    e.codes().stream()
                            .map(c -> new Code(c.code(), c.title(), c.checks()))
                            .toList());
        }
    }

    record Catalogue(List<Mitigation> items) {}

    /** One finding behind a status; {@code acceptedUntil} when an exception covers it. */
    record Finding(String check, String target, String code, String status, String message, Instant acceptedUntil) {
        static Finding of(ObservedFinding f) {
            return new Finding(
                    f.check(),
                    f.target(),
                    f.finding().code(),
                    f.finding().status().name(),
                    f.finding().message(),
                    f.acceptedBy().map(a -> a.expiresAt()).orElse(null));
        }
    }

    /** A mitigation's status for the domain, its weight and credit in the score. */
    record Status(
            String mitigation, String status, int weight, double credit, boolean counted, List<Finding> findings) {}

    /** The domain's score (null when nothing is measured) and its mitigations in catalogue order. */
    record DomainMitigations(
            long domainId,
            String domain,
            Integer score,
            int countedWeight,
            double earnedWeight,
            Instant lastScan,
            List<Status> mitigations) {}

    @Operation(
            operationId = "listMitigations",
            summary = "List the mitigations",
            description =
                    "The mitigations Mailward scores domains by, with their weights, the checks behind them and the finding codes each covers.")
    @GetMapping("/api/v1/mitigations")
    Catalogue catalogue() {
        return new Catalogue(
                dashboards.mitigations().stream().map(Mitigation::of).toList());
    }

    @Operation(
            operationId = "getDomainMitigations",
            summary = "Get a domain's mitigations",
            description =
                    "The status and score of one domain per mitigation, with the findings behind each status and which of them are accepted until when.")
    @GetMapping("/api/v1/domains/{id}/mitigations")
    DomainMitigations domain(@PathVariable long id) {
        DomainDashboard d = dashboards.domain(id);
        ScoreBreakdown score = d.assessment().score();
        List<Status> statuses = score.lines().stream()
                .map(l -> {
                    MitigationAssessment a = d.assessment().mitigations().get(l.mitigation());
                    List<Finding> findings = a == null
                            ? List.of()
                            : a.findings().stream().map(Finding::of).toList();
                    return new Status(
                            l.mitigation().id(), l.status().name(), l.weight(), l.credit(), l.counted(), findings);
                })
                .toList();
        return new DomainMitigations(
                d.domain().id(),
                d.domain().name(),
                score.percent().isPresent() ? score.percent().getAsInt() : null,
                score.countedWeight(),
                score.earnedWeight(),
                d.lastScan().orElse(null),
                statuses);
    }
}
