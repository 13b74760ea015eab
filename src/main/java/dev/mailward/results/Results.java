package dev.mailward.results;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Rules;
import dev.mailward.checks.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
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
 * into a {@code change_event} row and a {@link ResultChanged} event, stores the run's observation and
 * closes the run, in one transaction. {@link #rejudgeAll} judges the stored observations again under the
 * current rules. Data flows one way: this module never calls the scanner.
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
    /**
     * The largest observation (JSON, UTF-8 bytes) {@link #record} stores: 2 MiB. A larger one is not
     * stored (the row says so), and a re-judge leaves that domain as it is until its next scan.
     */
    public static final int MAX_OBSERVATION_BYTES = 2 * 1024 * 1024;
    /** Domains per transaction of {@link #rejudgeAll}. */
    public static final int REJUDGE_BATCH = 200;

    private static final Logger log = LoggerFactory.getLogger(Results.class);

    private final ResultStore results;
    private final ExceptionStore exceptions;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Rejudge rejudge;

    Results(
            ResultStore results,
            ExceptionStore exceptions,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Rejudge rejudge) {
        this.results = results;
        this.exceptions = exceptions;
        this.tx = tx;
        this.events = events;
        this.rejudge = rejudge;
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
        Map<String, ResultStore.Recorded> before = results.observed(domainId);
        Set<String> worse = new LinkedHashSet<>();
        for (CheckResult r : observed) {
            ResultStore.Recorded prev = before.get(ResultStore.key(r.check(), r.target()));
            if (prev != null && r.status().severity() > prev.observed().status().severity()) {
                worse.add(r.check());
            }
        }
        return worse;
    }

    /**
     * Records a run in one transaction: each result is appended to the history and becomes the
     * current one, with the run's rules version; a result whose status, finding codes or DNS data
     * differ from the recorded one gets a {@code change_event} row and a {@link ResultChanged} event;
     * the run's observation is stored as the domain's latest (unless larger than
     * {@link #MAX_OBSERVATION_BYTES}); the run is closed with the worst status.
     *
     * <p>Targets are compared too (issue 18). A result of a target the domain had no current result for is
     * {@link ChangeDirection#APPEARED} when the domain already had results of that check (or, for an endpoint
     * probe's check, of the {@code endpoints} summary) and its result was measured (not {@code ERROR}): the first
     * scan of a domain, or its first probe cycle, reports nothing new. A current result of a check the run covered in full ({@link RunRecord#complete()}) whose
     * target the run no longer has is retired: it is no longer current (its history stays) and it is
     * {@link ChangeDirection#DISAPPEARED}. A check the run did not cover in full (it did not complete, its
     * discovery failed, the run had no probe cycle) retires nothing: an outage never wipes results.
     *
     * <p>A rule change is not a change of the domain: a recorded result judged under other rules than
     * the run's is compared with the domain's previous stored observation judged under the run's rules
     * ({@link Rejudge#judge}); without one (none stored, too large, unreadable, or the family not in it)
     * the result is recorded, or retired, without a change event.
     *
     * @return what the run found: its changes for the better and the worse, and its results that could not be
     *     measured
     */
    public RecordedRun record(RunRecord run) {
        Instant now = Instant.now();
        String body = rejudge.encode(run.observation());
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        return tx.execute(status -> {
            Map<String, ResultStore.Recorded> before = results.observed(run.domainId());
            Map<String, ChangeDetector.Observed> underTheseRules = previousUnder(run, before);
            boolean sameRules = before.values().stream().allMatch(r -> r.rulesVersion() == run.rulesVersion());
            Set<String> checksBefore = new java.util.HashSet<>();
            before.values().forEach(r -> checksBefore.add(r.check()));
            int[] counts = new int[3];
            Set<String> seen = new java.util.HashSet<>();
            for (CheckResult r : run.results()) {
                String hash = ChangeDetector.dnsHash(r.evidence().dns());
                long resultId = results.append(run.runId(), run.domainId(), r, hash, run.rulesVersion());
                ChangeDetector.Observed after =
                        new ChangeDetector.Observed(r.status(), ChangeDetector.codes(r.findings()), hash);
                String key = ResultStore.key(r.check(), r.target());
                seen.add(key);
                ResultStore.Recorded recorded = before.get(key);
                Optional<ChangeDirection> change;
                ChangeDetector.Observed previous;
                if (recorded == null) {
                    // a new target: new only when the domain had results of the check, and, after a rule change,
                    // when the previous observation judged under these rules has no result for it either
                    boolean known = checksBefore.contains(r.check())
                            || (KnownFindings.PROBE_RESULT_IDS.contains(r.check())
                                    && checksBefore.contains("endpoints"));
                    // a new target that could not be measured is no news (an outage gives such results)
                    if (!known || r.status() == Status.ERROR || (!sameRules && underTheseRules.isEmpty())) {
                        continue;
                    }
                    previous = underTheseRules.get(key);
                    change = previous == null
                            ? Optional.of(ChangeDirection.APPEARED)
                            : ChangeDetector.compare(previous, after);
                    if (previous == null) {
                        previous = new ChangeDetector.Observed(Status.NOT_APPLICABLE, List.of(), hash);
                    }
                } else {
                    previous = recorded.rulesVersion() == run.rulesVersion()
                            ? recorded.observed()
                            : underTheseRules.get(key);
                    if (previous == null) {
                        continue;
                    }
                    change = ChangeDetector.compare(previous, after);
                }
                if (change.isPresent()) {
                    tally(counts, change.get(), previous.status(), after.status());
                    change(run, r.check(), r.target(), change.get(), previous, after, resultId, now);
                }
            }
            for (Map.Entry<String, ResultStore.Recorded> gone : before.entrySet()) {
                ResultStore.Recorded recorded = gone.getValue();
                if (seen.contains(gone.getKey()) || !run.complete().contains(recorded.check())) {
                    continue;
                }
                results.retire(run.domainId(), recorded.check(), recorded.target());
                ChangeDetector.Observed previous = recorded.rulesVersion() == run.rulesVersion()
                        ? recorded.observed()
                        : underTheseRules.get(gone.getKey());
                if (previous == null) {
                    continue;
                }
                ChangeDetector.Observed after =
                        new ChangeDetector.Observed(Status.NOT_APPLICABLE, List.of(), previous.dnsHash());
                tally(counts, ChangeDirection.DISAPPEARED, previous.status(), after.status());
                change(
                        run,
                        recorded.check(),
                        recorded.target(),
                        ChangeDirection.DISAPPEARED,
                        previous,
                        after,
                        recorded.resultId(),
                        now);
            }
            boolean stored = size <= MAX_OBSERVATION_BYTES;
            if (!stored) {
                log.warn(
                        "Not storing the observation of {} (run {}): {} bytes, more than {}",
                        run.domain(),
                        run.runId(),
                        size,
                        MAX_OBSERVATION_BYTES);
            }
            results.saveObservation(
                    run.runId(),
                    run.domainId(),
                    run.observation().observedAt(),
                    ObservationJson.FORMAT,
                    run.rulesVersion(),
                    size,
                    stored ? body : null,
                    stored ? null : "larger than " + MAX_OBSERVATION_BYTES + " bytes");
            results.finishRun(
                    run.runId(),
                    Instant.now(),
                    Status.worst(run.results().stream().map(CheckResult::status).toList()));
            int errors = (int) run.results().stream()
                    .filter(r -> r.status() == Status.ERROR)
                    .count();
            return new RecordedRun(counts[0], counts[1], counts[2], errors);
        });
    }

    private static void tally(int[] counts, ChangeDirection direction, Status from, Status to) {
        if (direction.worsens(from, to)) {
            counts[0]++;
        } else if (direction.improves(from, to)) {
            counts[1]++;
        } else {
            counts[2]++;
        }
    }

    /** Stores one change and publishes it. */
    private void change(
            RunRecord run,
            String check,
            String target,
            ChangeDirection direction,
            ChangeDetector.Observed previous,
            ChangeDetector.Observed after,
            long resultId,
            Instant now) {
        long changeId = results.insertChange(
                run.domainId(), run.domain(), check, target, direction, previous, after, run.runId(), resultId, now);
        events.publishEvent(new ResultChanged(
                changeId,
                run.domainId(),
                run.domain(),
                check,
                target,
                direction,
                previous.status(),
                after.status(),
                now));
        log.info("{} {} {} on {}: {} -> {}", run.domain(), check, direction, target, previous.status(), after.status());
    }

    /**
     * The domain's previous stored observation judged under the run's rules, per (check, target), when a
     * recorded result was judged under other rules; otherwise (or when it cannot be judged) empty.
     */
    private Map<String, ChangeDetector.Observed> previousUnder(
            RunRecord run, Map<String, ResultStore.Recorded> before) {
        if (before.values().stream().allMatch(r -> r.rulesVersion() == run.rulesVersion())
                || run.rulesVersion() != Rules.VERSION) {
            return Map.of();
        }
        Optional<String> body = results.latestObservation(run.domainId());
        if (body.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, ChangeDetector.Observed> out = new HashMap<>();
            for (CheckResult r : rejudge.judge(body.get())) {
                out.put(
                        ResultStore.key(r.check(), r.target()),
                        new ChangeDetector.Observed(
                                r.status(),
                                ChangeDetector.codes(r.findings()),
                                ChangeDetector.dnsHash(r.evidence().dns())));
            }
            return out;
        } catch (IllegalArgumentException e) {
            log.warn(
                    "Could not judge the previous observation of {} under rules {}: {}",
                    run.domain(),
                    run.rulesVersion(),
                    e.getMessage());
            return Map.of();
        }
    }

    /**
     * Judges the latest stored observation of every domain again under the current rules
     * ({@code checks.Rules.VERSION}) and records the results as a new run of each domain (trigger
     * {@link ScanTrigger#REJUDGE}), {@link #REJUDGE_BATCH} domains per transaction, without the network and
     * without change events: a rule change is not a change of the domains. Publishes
     * {@link ResultsRejudged} per batch (read models refresh) and the {@code AuditableAction}
     * {@code results.rejudged} with the counts. Not guarded: the console's route is
     * {@link ResultService#rejudgeAll} (admins); the command line runs this one.
     *
     * @param actor who asked ({@code cli} from the command line)
     */
    public RejudgeCounts rejudgeAll(String actor) {
        return rejudge.all(actor);
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
