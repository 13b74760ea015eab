package dev.mailward.results;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The record stage and the reads of other modules. {@code scanning} runs observe → judge and hands
 * the results here: {@link #startRun} opens a {@code check_run}, {@link #regressions} says which
 * results got worse than recorded (scanning checks those once more before it records), and
 * {@link #record} stores the results in the history and as the current state, turns every change
 * into a {@code change_event} row and a {@link ResultChanged} event, and closes the run, in one
 * transaction. Data flows one way: this module never calls the scanner.
 *
 * <p>The reads ({@link #currentResults}, {@link #history}, {@link #exceptionsFor}, ...) are not
 * scoped to the signed-in user: callers decide which domains a user may see (e.g. through
 * {@code InventoryService.domain(id)}), and scheduled jobs read without a user. The console's
 * scoped pages and API go through {@link ResultService}. Reads of many domains at once (reports,
 * the dashboard's background pass) use the published views of docs/ARCHITECTURE.md §2.
 */
@Service
public class Results {

    /** The most rows {@link #history} returns. */
    public static final int HISTORY_LIMIT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(Results.class);

    private final ResultStore results;
    private final ExceptionStore exceptions;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    Results(ResultStore results, ExceptionStore exceptions, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.results = results;
        this.exceptions = exceptions;
        this.tx = tx;
        this.events = events;
    }

    // ------------------------------------------------------------------ the record stage

    /** Opens the {@code check_run} of an engine run starting now; returns its id. */
    public long startRun(long domainId, ScanTrigger trigger, Instant startedAt, String scheduler) {
        return results.startRun(domainId, trigger, startedAt, scheduler);
    }

    /**
     * The check ids of {@code observed} whose status is worse than the domain's recorded result of
     * the same check and target: the regressions a scanner confirms before it records them.
     */
    public Set<String> regressions(long domainId, List<CheckResult> observed) {
        Map<String, ChangeDetector.Observed> before = results.observed(domainId);
        Set<String> worse = new LinkedHashSet<>();
        for (CheckResult r : observed) {
            ChangeDetector.Observed prev = before.get(ResultStore.key(r.check(), r.target()));
            if (prev != null && r.status().severity() > prev.status().severity()) {
                worse.add(r.check());
            }
        }
        return worse;
    }

    /**
     * Records a run in one transaction: each result is appended to the history and becomes the
     * current one; a result whose status, finding codes or DNS data differ from the recorded one
     * gets a {@code change_event} row and a {@link ResultChanged} event; the run is closed with the
     * worst status.
     */
    public void record(RunRecord run) {
        Instant now = Instant.now();
        tx.executeWithoutResult(status -> {
            Map<String, ChangeDetector.Observed> before = results.observed(run.domainId());
            for (CheckResult r : run.results()) {
                String hash = ChangeDetector.dnsHash(r.evidence().dns());
                long resultId = results.append(run.runId(), run.domainId(), r, hash);
                ChangeDetector.Observed after = new ChangeDetector.Observed(r.status(),
                        ChangeDetector.codes(r.findings()), hash);
                ChangeDetector.Observed previous = before.get(ResultStore.key(r.check(), r.target()));
                if (previous == null) {
                    continue;
                }
                ChangeDetector.compare(previous, after).ifPresent(direction -> {
                    long changeId = results.insertChange(run.domainId(), run.domain(), r, direction, previous, after,
                            resultId, now);
                    events.publishEvent(new ResultChanged(changeId, run.domainId(), run.domain(), r.check(),
                            r.target(), direction, previous.status(), after.status(), now));
                    log.info("{} {} {} on {}: {} -> {}", run.domain(), r.check(), direction, r.target(),
                            previous.status(), after.status());
                });
            }
            results.finishRun(run.runId(), Instant.now(),
                    Status.worst(run.results().stream().map(CheckResult::status).toList()));
        });
    }

    /**
     * Marks every engine run that never finished as {@code INTERRUPTED}, except those of
     * {@code live}: domain id → the scheduler that still holds that domain's scan (a run is live only
     * while its scheduler does). Joins the caller's transaction.
     *
     * @return how many runs were closed
     */
    public int interruptUnfinishedRuns(Map<Long, String> live) {
        return results.interruptUnfinished(live);
    }

    /**
     * Deletes history, runs and changes older than {@code before}; the current state stays.
     *
     * @return how many results were deleted
     */
    public int deleteHistoryBefore(Instant before) {
        return results.deleteOlderThan(before);
    }

    // ------------------------------------------------------------------ reads of other modules

    /** The latest result per (check, target) of the domain, ordered by check id and target. */
    public List<StoredResult> currentResults(long domainId) {
        return results.current(domainId);
    }

    /**
     * The stored results of the domain checked in {@code [from, to)}, newest first, at most
     * {@link #HISTORY_LIMIT}.
     */
    public List<StoredResult> history(long domainId, Instant from, Instant to) {
        return results.history(domainId, from, to, HISTORY_LIMIT);
    }

    /** The domain's accepted findings that are neither revoked nor expired today (UTC). */
    public List<AcceptedFinding> exceptionsFor(long domainId) {
        return exceptions.active(domainId, LocalDate.now(ZoneOffset.UTC));
    }

    /** When the domain's last completed engine run finished. */
    public Optional<Instant> lastScan(long domainId) {
        return results.lastFinished(domainId);
    }

    /** The domain's confirmed changes detected since {@code from}, newest first, at most {@code limit}. */
    public List<ChangeEntry> changesOf(long domainId, Instant from, int limit) {
        return results.changesOf(domainId, from, limit);
    }
}
