package dev.mailward.scanning;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.Rules;
import dev.mailward.checks.config.ChecksProperties;
import dev.mailward.results.RecordedRun;
import dev.mailward.results.Results;
import dev.mailward.results.RunRecord;
import dev.mailward.results.ScanTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the engine for one domain (observe → judge) and hands what it saw to the record stage
 * ({@link Results}): one {@code check_run}, its results in the history and the current state, and a
 * change event for every result that changed. A result that got worse is checked once more first, so
 * that one lost packet is not reported as a regression: the scanner asks {@link Results#regressions}
 * which results regressed, observes those families again, then records.
 *
 * <p>With a probe cycle ({@link ProbeCycles}) the mail server probes run beside the DNS checks:
 * the MX, SRV and operator-configured endpoints of the domain's inventory servers, judged per
 * endpoint {@code host:port}, plus {@code dane} per MX host; the probed servers' uploaded
 * configurations are then correlated with what was seen, read typed from the scan's final
 * {@link DomainObservation} (a regression confirmed: the families observed again in place of the first).
 */
@Component
class DomainScanner {

    private static final Logger log = LoggerFactory.getLogger(DomainScanner.class);

    private final CheckRunner runner;
    private final CheckOptions options;
    private final Results results;
    private final ScanningProperties properties;
    private final DomainDirectory directory;
    private final ProbeCorrelator correlator;
    private final int mxPort;

    DomainScanner(
            CheckRunner runner,
            CheckOptions options,
            Results results,
            ScanningProperties properties,
            DomainDirectory directory,
            ProbeCorrelator correlator,
            ChecksProperties checks) {
        this.runner = runner;
        this.options = options;
        this.results = results;
        this.properties = properties;
        this.directory = directory;
        this.correlator = correlator;
        this.mxPort = checks.probe().mxPort();
    }

    /**
     * A domain scanned.
     *
     * @param runId the {@code check_run}
     * @param found what the record stage found in it
     */
    record Scanned(long runId, RecordedRun found) {}

    /**
     * Scans the domain and stores the results.
     *
     * @throws InterruptedScanException when the thread was interrupted (the scheduler is stopping):
     *     nothing is stored, the scan is run again later
     */
    Scanned scan(DomainDirectory.Target domain, ScanTrigger trigger, String scheduler) {
        return scan(domain, trigger, scheduler, Optional.empty());
    }

    /**
     * As {@link #scan(DomainDirectory.Target, ScanTrigger, String)}; with {@code cycle} the mail
     * server probes of that cycle run too (its prober's cache is shared with the cycle's other
     * domains). The checks it covered in full ({@link Coverage}) lose the targets it no longer found.
     */
    Scanned scan(
            DomainDirectory.Target domain, ScanTrigger trigger, String scheduler, Optional<ProbeCycles.Cycle> cycle) {
        Instant started = Instant.now();
        long runId = results.startRun(domain.id(), trigger, started, scheduler);
        CheckOptions opts = options.withDkimSelectors(domain.selectors());
        List<Check<?>> checks = new ArrayList<>(runner.registry().all());
        List<DomainDirectory.Server> servers = List.of();
        if (cycle.isPresent()) {
            servers = directory.servers(domain.id(), mxPort);
            opts = opts.withProbe(
                    true,
                    servers.stream().flatMap(s -> s.manualEndpoints().stream()).toList());
            List<String> selectors = new ArrayList<>(domain.selectors());
            correlator.rspamdSelectors(domain.name(), servers).stream()
                    .filter(x -> !selectors.contains(x))
                    .forEach(selectors::add);
            opts = opts.withDkimSelectors(selectors);
            checks.addAll(cycle.get().checks());
        }
        DomainObservation observation = runner.observe(domain.name(), opts, checks);
        requireNotInterrupted(domain);
        if (properties.confirmRegressions()) {
            observation = confirmRegressions(domain, opts, observation, checks, cycle);
        }
        requireNotInterrupted(domain);
        DomainObservation finalObservation = observation;
        List<CheckResult> finalResults =
                runner.judgeAndReport(finalObservation, checks).results();
        RecordedRun found = results.record(new RunRecord(
                runId,
                domain.id(),
                domain.name(),
                finalResults,
                finalObservation,
                Rules.VERSION,
                Coverage.complete(finalObservation, finalResults)));
        log.debug("Scanned {} ({}): {} results", domain.name(), trigger, finalResults.size());
        if (cycle.isPresent()) {
            correlator.correlate(domain.name(), servers, finalObservation, cycle.get());
        }
        return new Scanned(runId, found);
    }

    /**
     * Observes every family with a result that got worse once more and keeps the second
     * observation: a regression is reported only when it is seen twice. Endpoint results come from
     * the probe families, which observe again with the cycle's second prober (the first one's cache
     * holds the observation being confirmed).
     *
     * @return {@code first} with the families observed again in place of their first observation
     */
    private DomainObservation confirmRegressions(
            DomainDirectory.Target domain,
            CheckOptions opts,
            DomainObservation first,
            List<Check<?>> checks,
            Optional<ProbeCycles.Cycle> cycle) {
        Set<String> worse = new LinkedHashSet<>(results.regressions(
                domain.id(), CheckRunner.judge(first, checks).results()));
        if (worse.isEmpty()) {
            return first;
        }
        List<Check<?>> again = new ArrayList<>(worse.stream()
                .flatMap(id -> runner.registry().byId(id).stream())
                .toList());
        if (cycle.isPresent() && worse.stream().anyMatch(ProbeCycles.PROBE_RESULT_IDS::contains)) {
            again.addAll(cycle.get().confirmationChecks());
        }
        log.debug("Observing {} of {} again before reporting a regression", worse, domain.name());
        return first.with(runner.observe(domain.name(), opts, again));
    }

    private static void requireNotInterrupted(DomainDirectory.Target domain) {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedScanException("the scan of " + domain.name() + " was interrupted");
        }
    }

    /** The scan was interrupted; nothing was stored. */
    static final class InterruptedScanException extends RuntimeException {
        InterruptedScanException(String message) {
            super(message);
        }
    }
}
