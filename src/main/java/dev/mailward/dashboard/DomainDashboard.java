package dev.mailward.dashboard;

import dev.mailward.checks.Status;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.results.ChangeDirection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One domain's dashboard: its score and how it was computed, every mitigation's status with the findings
 * behind it, what changed day by day, and when it was and will be scanned.
 *
 * @param domain the domain
 * @param assessment statuses and score from the current results and active exceptions
 * @param scanned whether the domain has results
 * @param lastScan when the last scan finished
 * @param nextScan when the next regular scan is due
 * @param timeline days with changes, newest first
 * @param scoreHistory the domain's score per day, oldest first
 * @param fixFirst the domain's problems worst first, the first {@link FixFirst#TOP}
 */
public record DomainDashboard(
        DomainDetails domain,
        DomainAssessment assessment,
        boolean scanned,
        Optional<Instant> lastScan,
        Optional<Instant> nextScan,
        List<Day> timeline,
        List<Portfolio.TrendPoint> scoreHistory,
        FixFirst fixFirst) {

    public DomainDashboard {
        timeline = List.copyOf(timeline);
        scoreHistory = List.copyOf(scoreHistory);
    }

    /**
     * The changes of one day.
     *
     * @param day the UTC day
     * @param changes the changes, newest first
     */
    public record Day(LocalDate day, List<Change> changes) {
        public Day {
            changes = List.copyOf(changes);
        }
    }

    /**
     * One change of one result.
     *
     * @param at when it was detected
     * @param check check id
     * @param target target
     * @param direction worse, better or changed
     * @param from status before
     * @param to status after
     */
    public record Change(Instant at, String check, String target, ChangeDirection direction, Status from, Status to) {}
}
