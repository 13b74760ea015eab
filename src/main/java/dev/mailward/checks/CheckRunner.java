package dev.mailward.checks;

import dev.mailward.dns.Deadlines;
import dev.mailward.dns.Dns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registered checks for a domain. Every check gets its own deadline
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

    /** A runner whose domains may each send at most 400 queries to the network. */
    public CheckRunner(CheckRegistry registry, Dns dns, int concurrency) {
        this(registry, dns, concurrency, 400);
    }

    /**
     * @param maxQueriesPerDomain network queries all checks of one domain may send together
     *     ({@code mailward.dns.max-queries-per-domain}); cache hits are free
     */
    public CheckRunner(CheckRegistry registry, Dns dns, int concurrency, int maxQueriesPerDomain) {
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

    /** Runs every registered check for {@code domain} (an A-label) and waits for all of them. */
    public DomainReport run(String domain, CheckOptions options) {
        return run(domain, options, registry.all());
    }

    /** Runs the given checks for {@code domain}, all of them concurrently within the runner's bound. */
    public DomainReport run(String domain, CheckOptions options, List<Check> checks) {
        Instant started = Instant.now();
        Dns domainDns = new DomainBudgetDns(dns, maxQueriesPerDomain);
        RunObservations observations = new RunObservations();
        List<Future<List<CheckResult>>> futures = new ArrayList<>();
        for (Check check : checks) {
            futures.add(executor.submit(() -> runOne(check, domain, options, domainDns, observations)));
        }
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            results.addAll(await(checks.get(i), domain, options, futures.get(i)));
        }
        return new DomainReport(domain, started, results);
    }

    private List<CheckResult> runOne(Check check, String domain, CheckOptions options, Dns domainDns,
            RunObservations observations) throws InterruptedException {
        permits.acquire();
        try {
            Instant start = Instant.now();
            CheckContext ctx = new CheckContext(domain, domainDns, options, start.plus(options.checkTimeout()),
                    observations);
            try {
                return check.run(ctx);
            } catch (RuntimeException e) {
                // A check must not throw; if one does, say so instead of losing the domain.
                log.warn("Check {} threw for {}", check.id(), domain, e);
                return List.of(failed(check, domain, start, "the check failed unexpectedly: " + e));
            }
        } finally {
            permits.release();
        }
    }

    private List<CheckResult> await(Check check, String domain, CheckOptions options, Future<List<CheckResult>> f) {
        Instant start = Instant.now();
        try {
            // Waiting includes time queued for a permit, so allow for a full second run.
            long wait = options.checkTimeout().multipliedBy(2).plus(GRACE).toNanos();
            return Deadlines.getOrCancel(f, System.nanoTime() + wait);
        } catch (TimeoutException e) {
            return List.of(failed(check, domain, start,
                    "the check did not finish within its deadline of " + options.checkTimeout().toSeconds() + " s"));
        } catch (ExecutionException e) {
            return List.of(failed(check, domain, start, "the check failed unexpectedly: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return List.of(failed(check, domain, start, "the run was interrupted"));
        }
    }

    private static CheckResult failed(Check check, String domain, Instant start, String why) {
        String target = check.targetKind() == TargetKind.DKIM_SELECTOR ? "_domainkey." + domain : domain;
        Finding f = new Finding(RunnerCode.CHECK_DID_NOT_COMPLETE.name(), Status.ERROR, why,
                check.mitigations().stream().findFirst().orElse(Mitigation.TLS).id());
        return CheckResult.of(check.id(), target, List.of(f), Evidence.empty(), start,
                Duration.between(start, Instant.now()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
