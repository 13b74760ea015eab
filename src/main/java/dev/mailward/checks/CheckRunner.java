package dev.mailward.checks;

import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.dns.Deadlines;
import dev.mailward.dns.Dns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline's first two stages for a domain: {@link #observe} (network I/O, once per
 * family and fact) gives a {@link DomainObservation}, {@link #judge} (pure) turns it into a
 * {@link DomainReport}; {@link #run} does both. Every check gets its own deadline
 * ({@link CheckOptions#checkTimeout()}) that its DNS session and sockets inherit; a check that
 * overruns it anyway is abandoned and reported as {@code ERROR}. At most {@code concurrency}
 * checks run at once across all callers, so bulk runs stay within the resolver's and the
 * network's means. The checks of one domain run share one {@link RunObservations}, so that a
 * fact two families need (the MTA-STS policy, a PTR name) is observed once. Thread-safe; one
 * runner serves the console, the scheduler and the CLI.
 */
public final class CheckRunner implements AutoCloseable {

    /** Finding code of the runner itself: a check that could not complete. */
    public enum RunnerCode implements FindingCode {
        CHECK_DID_NOT_COMPLETE;

        @Override
        public Mitigation mitigation() {
            return Mitigation.TLS;
        }

        @Override
        public String title() {
            return "The check could not complete";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);
    /** Grace beyond a check's own deadline before the runner gives up on it. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final CheckRegistry registry;
    private final Dns dns;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final int maxQueriesPerDomain;
    private final Listener listener;

    /**
     * Told of every result a scan's judgement gives ({@link #judgeAndReport}): the console's meters. The
     * library itself knows no metrics system; {@link #NONE} tells nobody.
     */
    @FunctionalInterface
    public interface Listener {
        /** Tells nobody. */
        Listener NONE = (domain, result) -> {};

        /** {@code result} was judged for {@code domain} (an A-label). Must not block or throw. */
        void judged(String domain, CheckResult result);
    }

    /** A runner whose domains may each send at most 400 queries to the network. */
    public CheckRunner(CheckRegistry registry, Dns dns, int concurrency) {
        this(registry, dns, concurrency, 400);
    }

    /**
     * @param maxQueriesPerDomain network queries all checks of one domain may send together
     *     ({@code mailward.dns.max-queries-per-domain}); cache hits are free
     */
    public CheckRunner(CheckRegistry registry, Dns dns, int concurrency, int maxQueriesPerDomain) {
        this(registry, dns, concurrency, maxQueriesPerDomain, Listener.NONE);
    }

    /**
     * @param maxQueriesPerDomain network queries all checks of one domain may send together
     *     ({@code mailward.dns.max-queries-per-domain}); cache hits are free
     * @param listener told of every result {@link #judgeAndReport} gives
     */
    public CheckRunner(CheckRegistry registry, Dns dns, int concurrency, int maxQueriesPerDomain, Listener listener) {
        this.listener = listener;
        if (maxQueriesPerDomain < 1) {
            throw new IllegalArgumentException("maxQueriesPerDomain must be at least 1, was " + maxQueriesPerDomain);
        }
        this.maxQueriesPerDomain = maxQueriesPerDomain;
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.registry = registry;
        this.dns = dns;
        this.permits = new Semaphore(concurrency);
    }

    /** Network queries all checks of one domain may send together. */
    public int maxQueriesPerDomain() {
        return maxQueriesPerDomain;
    }

    public CheckRegistry registry() {
        return registry;
    }

    /** Observes and judges every registered family for {@code domain} (an A-label). */
    public DomainReport run(String domain, CheckOptions options) {
        return run(domain, options, registry.all());
    }

    /** Observes and judges the given families for {@code domain}: {@link #judge} of {@link #observe}. */
    public DomainReport run(String domain, CheckOptions options, List<? extends Check<?>> checks) {
        return judge(observe(domain, options, checks), checks);
    }

    /** The observe stage for every registered family ({@link #observe(String, CheckOptions, List)}). */
    public DomainObservation observe(String domain, CheckOptions options) {
        return observe(domain, options, registry.all());
    }

    /**
     * The observe stage: every given family observes {@code domain} (an A-label), all of them
     * concurrently within the runner's bound, each under its own deadline and all of them within
     * the domain's DNS budget, sharing one {@link RunObservations}. Waits for all of them; a family
     * that overruns its deadline, throws or is interrupted is kept as
     * {@link DomainObservation.FamilyObservation.NotObserved}.
     */
    public DomainObservation observe(String domain, CheckOptions options, List<? extends Check<?>> checks) {
        Instant started = Instant.now();
        Dns domainDns = new DomainBudgetDns(dns, maxQueriesPerDomain);
        RunObservations observations = new RunObservations();
        List<Future<FamilyObservation>> futures = new ArrayList<>();
        for (Check<?> check : checks) {
            futures.add(executor.submit(() -> observeOne(check, domain, options, domainDns, observations)));
        }
        List<FamilyObservation> families = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            families.add(await(checks.get(i), options, futures.get(i)));
        }
        return new DomainObservation(domain, started, families);
    }

    /** The judge stage with the registered families ({@link #judge(DomainObservation, List)}). */
    public DomainReport judge(DomainObservation observation) {
        return judge(observation, registry.all());
    }

    /**
     * The judge stage: every family of {@code observation} judged by its {@link Check#analyse}, in
     * the observation's order. No network, no clock: judging an observation again (after
     * {@link ObservationJson}) gives an equal report. A family that was not observed is one
     * {@code ERROR} result; so is an analysis that throws.
     *
     * @param checks the families, found by id; must include every family of the observation
     */
    public static DomainReport judge(DomainObservation observation, List<? extends Check<?>> checks) {
        Map<String, Check<?>> byId = new HashMap<>();
        checks.forEach(c -> byId.putIfAbsent(c.id(), c));
        String domain = observation.domain();
        List<CheckResult> results = new ArrayList<>();
        for (FamilyObservation family : observation.families()) {
            Check<?> check = byId.get(family.check());
            if (check == null) {
                throw new IllegalArgumentException("no family '" + family.check() + "' to judge " + domain);
            }
            results.addAll(
                    switch (family) {
                        case FamilyObservation.Observed o -> analyse(check, domain, o);
                        case FamilyObservation.NotObserved n ->
                            List.of(failed(check, domain, n.started(), n.elapsed(), n.reason()));
                    });
        }
        return new DomainReport(domain, observation.observedAt(), DnssecBlocking.mark(domain, results));
    }

    /**
     * {@link #judge(DomainObservation, List)}, and each result told to the runner's {@link Listener}: the
     * judgement of a scan, which the console counts (a re-judge of stored observations is not counted).
     */
    public DomainReport judgeAndReport(DomainObservation observation, List<? extends Check<?>> checks) {
        DomainReport report = judge(observation, checks);
        for (CheckResult r : report.results()) {
            try {
                listener.judged(observation.domain(), r);
            } catch (RuntimeException e) {
                log.warn("The check listener failed for {} {}", r.check(), observation.domain(), e);
            }
        }
        return report;
    }

    private static <O extends Observation> List<CheckResult> analyse(
            Check<O> check, String domain, FamilyObservation.Observed observed) {
        try {
            return check.analyse(check.observationType().cast(observed.observation()));
        } catch (RuntimeException e) {
            // An analysis must not throw; if one does, say so instead of losing the domain.
            log.warn("Check {} threw judging {}", check.id(), domain, e);
            return List.of(failed(
                    check, domain, observed.started(), observed.elapsed(), "the check failed unexpectedly: " + e));
        }
    }

    private FamilyObservation observeOne(
            Check<?> check, String domain, CheckOptions options, Dns domainDns, RunObservations observations)
            throws InterruptedException {
        permits.acquire();
        try {
            Instant start = Instant.now();
            CheckContext ctx =
                    new CheckContext(domain, domainDns, options, start.plus(options.checkTimeout()), observations);
            try {
                Observation o = check.observe(ctx);
                return new FamilyObservation.Observed(check.id(), start, Duration.between(start, Instant.now()), o);
            } catch (RuntimeException e) {
                // A check must not throw; if one does, say so instead of losing the domain.
                log.warn("Check {} threw for {}", check.id(), domain, e);
                return new FamilyObservation.NotObserved(
                        check.id(),
                        start,
                        Duration.between(start, Instant.now()),
                        "the check failed unexpectedly: " + e);
            }
        } finally {
            permits.release();
        }
    }

    private static FamilyObservation await(Check<?> check, CheckOptions options, Future<FamilyObservation> f) {
        Instant start = Instant.now();
        try {
            // Waiting includes time queued for a permit, so allow for a full second run.
            // in nanoseconds: Duration.multipliedBy computes in BigDecimal, a few hundred bytes per wait
            long wait = Math.addExact(Math.multiplyExact(options.checkTimeout().toNanos(), 2), GRACE.toNanos());
            return Deadlines.getOrCancel(f, System.nanoTime() + wait);
        } catch (TimeoutException e) {
            return notObserved(
                    check,
                    start,
                    "the check did not finish within its deadline of "
                            + options.checkTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            return notObserved(check, start, "the check failed unexpectedly: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return notObserved(check, start, "the run was interrupted");
        }
    }

    private static FamilyObservation notObserved(Check<?> check, Instant start, String why) {
        return new FamilyObservation.NotObserved(check.id(), start, Duration.between(start, Instant.now()), why);
    }

    private static CheckResult failed(Check<?> check, String domain, Instant start, Duration elapsed, String why) {
        String target = check.targetKind() == TargetKind.DKIM_SELECTOR ? "_domainkey." + domain : domain;
        Finding f = new Finding(
                RunnerCode.CHECK_DID_NOT_COMPLETE.name(),
                Status.ERROR,
                why,
                check.mitigations().stream().findFirst().orElse(Mitigation.TLS).id());
        return CheckResult.of(check.id(), target, List.of(f), Evidence.empty(), start, elapsed);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
