package dev.mailward.results;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Rules;
import dev.mailward.checks.Status;
import dev.mailward.shared.AuditableAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Judges stored observations again under the current rules, without the network: every domain's latest
 * observation ({@link #all}), and the previous observation of one domain when the rules changed since it
 * was judged ({@link #judge}). The families come from {@link JudgingFamilies}; judging is
 * {@link CheckRunner#judge}, a pure function.
 */
@Component
class Rejudge {

    private static final Logger log = LoggerFactory.getLogger(Rejudge.class);

    private final ResultStore results;
    private final JudgingFamilies families;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private volatile Judge judge;

    Rejudge(ResultStore results, JudgingFamilies families, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.results = results;
        this.families = families;
        this.tx = tx;
        this.events = events;
    }

    /** The codec and the families, made once (the families are beans of another module). */
    private record Judge(List<Check<?>> checks, ObservationJson json) {}

    private Judge judgeWith() {
        Judge j = judge;
        if (j == null) {
            List<Check<?>> checks = List.copyOf(families.families());
            j = new Judge(checks, new ObservationJson(checks));
            judge = j;
        }
        return j;
    }

    /** The observation as stored JSON. */
    String encode(DomainObservation observation) {
        return judgeWith().json().encode(observation);
    }

    /**
     * The results of a stored observation judged under the current rules.
     *
     * @throws IllegalArgumentException when it cannot be decoded, or holds a family no check judges
     */
    List<CheckResult> judge(String body) {
        Judge j = judgeWith();
        return CheckRunner.judge(j.json().decode(body), j.checks()).results();
    }

    /**
     * Judges the latest stored observation of every domain under {@link Rules#VERSION} and records the
     * results as a new run ({@link ScanTrigger#REJUDGE}) of each domain, {@link Results#REJUDGE_BATCH}
     * domains per transaction; publishes {@link ResultsRejudged} per batch, never {@link ResultChanged};
     * audited as {@code results.rejudged}. One observation is held in memory at a time.
     */
    RejudgeCounts all(String actor) {
        long started = System.nanoTime();
        int rejudged = 0;
        int without = 0;
        int undecodable = 0;
        long after = 0;
        while (true) {
            List<ResultStore.RejudgeTarget> batch = results.rejudgeTargets(after, Results.REJUDGE_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            int[] counts = tx.execute(status -> batch(batch));
            rejudged += counts[0];
            without += counts[1];
            undecodable += counts[2];
            after = batch.getLast().domainId();
            if (batch.size() < Results.REJUDGE_BATCH) {
                break;
            }
        }
        RejudgeCounts counts = new RejudgeCounts(
                rejudged,
                without,
                undecodable,
                Rules.VERSION,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        tx.executeWithoutResult(status -> events.publishEvent(new AuditableAction(
                actor,
                null,
                "results.rejudged",
                "results",
                "rules=" + counts.rulesVersion() + " rejudged=" + counts.rejudged() + " withoutObservation="
                        + counts.withoutObservation() + " undecodable=" + counts.undecodable())));
        log.info(
                "{} re-judged the latest observations under rules version {}: {} domains re-judged, {} without an "
                        + "observation, {} could not be read, in {} ms",
                actor,
                counts.rulesVersion(),
                counts.rejudged(),
                counts.withoutObservation(),
                counts.undecodable(),
                counts.elapsedMillis());
        return counts;
    }

    /** One batch, in the caller's transaction: {rejudged, without observation, undecodable}. */
    private int[] batch(List<ResultStore.RejudgeTarget> batch) {
        int[] counts = new int[3];
        List<Long> done = new ArrayList<>();
        for (ResultStore.RejudgeTarget t : batch) {
            Optional<String> body = t.observationRun().flatMap(results::observationBody);
            if (body.isEmpty()) {
                counts[1]++;
                continue;
            }
            List<CheckResult> judged;
            try {
                judged = judge(body.get());
            } catch (IllegalArgumentException e) {
                log.warn(
                        "Could not judge the stored observation of {} (run {}) again: {}",
                        t.domain(),
                        t.observationRun().get(),
                        e.getMessage());
                counts[2]++;
                continue;
            }
            Instant now = Instant.now();
            long runId = results.startRun(t.domainId(), ScanTrigger.REJUDGE, now, "rejudge");
            results.appendAll(runId, t.domainId(), judged, Rules.VERSION);
            results.finishRun(
                    runId,
                    Instant.now(),
                    Status.worst(judged.stream().map(CheckResult::status).toList()));
            results.observationJudged(t.observationRun().get(), Rules.VERSION);
            done.add(t.domainId());
            counts[0]++;
        }
        if (!done.isEmpty()) {
            events.publishEvent(new ResultsRejudged(done, Rules.VERSION));
        }
        return counts;
    }
}
