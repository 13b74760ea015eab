package dev.mailward.dashboard;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.mitigations.AcceptedException;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationCatalogue;
import dev.mailward.mitigations.MitigationRules;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.mitigations.ObservedFinding;
import dev.mailward.results.AcceptedFinding;
import dev.mailward.results.ResultChanged;
import dev.mailward.results.Results;
import dev.mailward.results.ResultsRejudged;
import dev.mailward.results.StoredResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the read model ({@code domain_score}, {@code domain_score_daily}, {@code certificate_seen},
 * {@code domain_problem}) in step
 * with the results module's results: at once for a {@link ResultChanged} or {@link ResultsRejudged} event, and by
 * a background pass every {@code mailward.dashboard.refresh-interval} for every domain whose runs finished after its score was
 * computed (no event is published for an unchanged run), whose exceptions changed, or whose score is
 * from an earlier day. Idempotent, so several console instances may run it.
 *
 * <p>The first time a domain is scored, its last {@code trend-days} days of history are scored too, day by
 * day (the latest result per check and target as of each day's end, judged with today's exceptions), so
 * that the trend starts with the history and not with the day the dashboard was installed.
 */
@Service
public class ScoreRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScoreRefresher.class);
    private static final int BATCH = 500;
    private static final int MAX_CHAIN = 10;

    private final Results results;
    private final MitigationCatalogue catalogue;
    private final DashboardStore store;
    private final TransactionTemplate tx;
    private final DashboardProperties properties;
    private final SummaryCache cache;
    private final Clock clock = Clock.systemUTC();
    private volatile ScheduledExecutorService timer;

    ScoreRefresher(
            Results results,
            MitigationCatalogue catalogue,
            DashboardStore store,
            TransactionTemplate tx,
            DashboardProperties properties,
            SummaryCache cache) {
        this.cache = cache;
        this.results = results;
        this.catalogue = catalogue;
        this.store = store;
        this.tx = tx;
        this.properties = properties;
    }

    @ApplicationModuleListener
    void on(ResultChanged event) {
        refresh(event.domainId());
    }

    /** A batch of domains judged again under new rules: their scores follow at once. */
    @ApplicationModuleListener
    void on(ResultsRejudged event) {
        for (long id : event.domainIds()) {
            try {
                refresh(id);
            } catch (RuntimeException e) {
                // the domain stays stale (its run finished after its score) and the background pass retries it
                log.warn("Could not refresh the dashboard of domain {} after a re-judge: {}", id, e.toString());
            }
        }
    }

    /** Recomputes one domain's score, today's trend point and its certificates from its current results. */
    public void refresh(long domainId) {
        Instant now = clock.instant();
        List<StoredResult> current = results.currentResults(domainId);
        List<AcceptedException> exceptions = exceptions(domainId);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        tx.executeWithoutResult(status -> {
            if (current.isEmpty()) {
                store.deleteScore(domainId);
                return;
            }
            DomainAssessment a = assess(current, exceptions, now);
            Map<dev.mailward.checks.Mitigation, MitigationStatus> statuses =
                    new EnumMap<>(dev.mailward.checks.Mitigation.class);
            a.mitigations().forEach((m, x) -> statuses.put(m, x.status()));
            Optional<Instant> resultsAt =
                    current.stream().map(StoredResult::checkedAt).max(Instant::compareTo);
            store.saveScore(domainId, a.score().percent(), StatusLetters.encode(statuses), resultsAt, now);
            a.score().percent().ifPresent(p -> store.saveDaily(domainId, today, p));
            if (!store.hasDailyBefore(domainId, today)) {
                backfill(domainId, exceptions, today);
            }
            store.replaceCertificates(domainId, certificates(current));
            store.replaceProblems(domainId, problems(a, catalogue.weights()));
        });
        cache.clear();
    }

    /**
     * Refreshes every stale domain (see the class comment), in batches.
     *
     * @return how many domains were refreshed
     */
    public int refreshStale() {
        int done = 0;
        for (int round = 0; round < 1_000; round++) {
            List<Long> ids = store.stale(BATCH);
            if (ids.isEmpty()) {
                break;
            }
            for (long id : ids) {
                try {
                    refresh(id);
                } catch (RuntimeException e) {
                    // one domain with data we cannot judge must not stop the others; it stays stale and is retried
                    log.warn("Could not refresh the dashboard of domain {}: {}", id, e.toString());
                }
                done++;
            }
            if (ids.size() < BATCH) {
                break;
            }
        }
        if (done > 0) {
            log.debug("Refreshed the dashboard read model of {} domains", done);
        }
        return done;
    }

    /** The statuses and score of a domain's results with its active exceptions. */
    DomainAssessment assess(List<StoredResult> results, List<AcceptedException> exceptions, Instant now) {
        List<CheckResult> rs = results.stream().map(ScoreRefresher::asResult).toList();
        return MitigationRules.assess(rs, exceptions, catalogue.weights(), now);
    }

    /** Scanning's accepted findings as the rules see them: per result, until {@link AcceptedFinding#endsAt}. */
    List<AcceptedException> exceptions(long domainId) {
        List<AcceptedException> out = new ArrayList<>();
        for (AcceptedFinding f : results.exceptionsFor(domainId)) {
            out.add(new AcceptedException(f.code(), f.coveredTarget(), f.reason(), f.endsAt(), f.coveredCheck()));
        }
        return out;
    }

    static CheckResult asResult(StoredResult r) {
        return new CheckResult(
                r.check(), r.target(), r.status(), r.findings(), Evidence.empty(), r.checkedAt(), r.elapsed());
    }

    private void backfill(long domainId, List<AcceptedException> exceptions, LocalDate today) {
        LocalDate from = today.minusDays(properties.trendDays());
        List<StoredResult> history = results.history(
                domainId,
                from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.atStartOfDay(ZoneOffset.UTC).toInstant());
        TreeMap<LocalDate, List<StoredResult>> byDay = new TreeMap<>();
        for (StoredResult r : history) {
            byDay.computeIfAbsent(LocalDate.ofInstant(r.checkedAt(), ZoneOffset.UTC), d -> new ArrayList<>())
                    .add(r);
        }
        Map<String, StoredResult> state = new LinkedHashMap<>();
        for (var day : byDay.entrySet()) {
            // history is newest first: apply the day's results oldest first so the latest wins
            List<StoredResult> rs = day.getValue();
            for (int i = rs.size() - 1; i >= 0; i--) {
                state.put(rs.get(i).check() + "\u0000" + rs.get(i).target(), rs.get(i));
            }
            Instant end = day.getKey()
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .minusMillis(1);
            assess(List.copyOf(state.values()), exceptions, end)
                    .score()
                    .percent()
                    .ifPresent(p -> store.saveDaily(domainId, day.getKey(), p));
        }
    }

    /**
     * The problems of an assessment for the "fix this first" list: each finding that fails, errs or warns and
     * is not accepted, once per check, target and code (the worst status and its message when a result
     * repeats a code).
     */
    static List<DashboardStore.Problem> problems(
            DomainAssessment a, Map<dev.mailward.checks.Mitigation, Integer> weights) {
        Map<List<String>, DashboardStore.Problem> byCause = new LinkedHashMap<>();
        a.mitigations().forEach((m, x) -> {
            for (ObservedFinding f : x.findings()) {
                dev.mailward.checks.Status s = f.finding().status();
                if (!FixFirst.isProblem(s) || f.accepted()) {
                    continue;
                }
                DashboardStore.Problem p = new DashboardStore.Problem(
                        cut(f.check(), 32),
                        cut(f.target(), 512),
                        cut(f.finding().code(), 64),
                        s,
                        m.id(),
                        weights.getOrDefault(m, 0),
                        cut(f.finding().message(), 2000));
                byCause.merge(
                        List.of(p.check(), p.target(), p.code()),
                        p,
                        (old, neu) -> neu.status().severity() > old.status().severity() ? neu : old);
            }
        });
        return List.copyOf(byCause.values());
    }

    /**
     * The certificates of the {@code certificate} results' evidence (the results whose findings are
     * the certificates page's verdicts); malformed entries are skipped.
     */
    static List<DashboardStore.SeenCertificate> certificates(List<StoredResult> results) {
        List<DashboardStore.SeenCertificate> out = new ArrayList<>();
        for (StoredResult r : results) {
            if (!r.check().equals("certificate") || !(r.evidence().get("certificates") instanceof List<?> chain)) {
                continue;
            }
            for (int i = 0; i < Math.min(chain.size(), MAX_CHAIN); i++) {
                if (chain.get(i) instanceof Map<?, ?> c
                        && c.get("sha256") instanceof String sha
                        && c.get("notAfter") instanceof String notAfter) {
                    try {
                        Instant after = Instant.parse(notAfter);
                        Instant before = c.get("notBefore") instanceof String nb ? Instant.parse(nb) : after;
                        out.add(new DashboardStore.SeenCertificate(
                                cut(r.target(), 512),
                                i,
                                cut(sha, 64),
                                cut(String.valueOf(c.get("subject")), 1000),
                                cut(String.valueOf(c.get("issuer")), 1000),
                                before,
                                after));
                    } catch (java.time.format.DateTimeParseException e) {
                        log.debug(
                                "skipping a certificate of {} with an unreadable date: {}", r.target(), e.getMessage());
                    }
                }
            }
        }
        return out;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    // ------------------------------------------------------------------ background pass

    @Override
    public void start() {
        if (!properties.refreshEnabled()) {
            return;
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("dashboard-refresh").daemon().factory());
        long ms = properties.refreshInterval().toMillis();
        t.scheduleWithFixedDelay(this::pass, Math.min(ms, 5_000), ms, TimeUnit.MILLISECONDS);
        timer = t;
    }

    private void pass() {
        try {
            refreshStale();
        } catch (RuntimeException e) {
            log.warn("Dashboard refresh pass failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
