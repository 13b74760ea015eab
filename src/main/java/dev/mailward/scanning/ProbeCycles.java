package dev.mailward.scanning;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.DomainProbes;
import dev.mailward.checks.EndpointProber;
import dev.mailward.checks.config.ChecksProperties;
import dev.mailward.probe.AddressLimiter;
import dev.mailward.results.KnownFindings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The probe cycles of this console instance: which {@link EndpointProber} (and so which cache of
 * mail server observations) a domain's scan uses.
 *
 * <ul>
 * <li>A "scan now" / "check now" ({@code scan_run}) is one cycle: every domain of the run shares
 *     one prober, so a mail server serving many of them is probed once and its observation fanned
 *     out; a run of one domain gets a fresh prober, so an operator who just fixed a server sees
 *     the fix.</li>
 * <li>Scheduled scans share the prober of the current time window of
 *     {@code mailward.checks.probe.cycle}: the scheduler runs one task per domain, spread over the
 *     day, so the window is what groups them. A shared host is probed at most once per window.</li>
 * </ul>
 *
 * A cycle unused for longer than the window is dropped with its cache, so memory is bounded by
 * the hosts probed in one window. All cycles share one {@link AddressLimiter}: politeness
 * ({@code connections-per-address}) holds across cycles. Confirming a regression re-probes once
 * per cycle with a second prober of the same cycle, never from the cache that saw the regression.
 * Several console instances keep separate cycles (each probes a shared host once per window).
 */
@Component
class ProbeCycles {

    /** The result check ids the endpoint probes produce (every protocol), plus their summary. */
    static final Set<String> PROBE_RESULT_IDS = KnownFindings.PROBE_RESULT_IDS;

    private final ChecksProperties.Probe settings;
    private final AddressLimiter limiter;
    private final ConcurrentHashMap<String, Cycle> cycles = new ConcurrentHashMap<>();
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    ProbeCycles(ChecksProperties properties) {
        this(properties.probe(), Clock.systemUTC());
    }

    ProbeCycles(ChecksProperties.Probe settings, Clock clock) {
        this.settings = settings;
        this.limiter = new AddressLimiter(settings.connectionsPerAddress());
        this.clock = clock;
    }

    /** Whether scans probe mail servers at all. */
    boolean enabled() {
        return settings.enabled();
    }

    /** The cycle of a scan run ("scan now", "check now"). */
    Cycle ofScanRun(long scanRunId) {
        return cycle("run:" + scanRunId);
    }

    /** The cycle of a scheduled scan starting now: the current window. */
    Cycle scheduled() {
        long window = clock.millis() / settings.cycle().toMillis();
        return cycle("window:" + window);
    }

    /**
     * The probe families ({@code endpoints}, {@code dane}) as this console configures them, to judge
     * stored observations: their prober is never asked to probe.
     */
    List<Check<?>> judgingChecks() {
        return withDane(newProbes());
    }

    /** How many cycles are held (tests, logs). */
    int size() {
        return cycles.size();
    }

    private Cycle cycle(String key) {
        Instant now = clock.instant();
        Instant stale = now.minus(settings.cycle());
        cycles.values().removeIf(c -> c.lastUsed.isBefore(stale));
        Cycle c = cycles.computeIfAbsent(key, k -> new Cycle(k, newProbes()));
        c.lastUsed = now;
        return c;
    }

    private DomainProbes newProbes() {
        return new DomainProbes(
                new EndpointProber(settings.limits(), limiter, settings.tlsVersions()), settings.mxPort(), 443);
    }

    /**
     * One probe cycle: the prober shared by the domains scanned in it, a second one for
     * confirming regressions, and the mail servers already correlated with their configuration.
     */
    final class Cycle {
        private final String key;
        private final DomainProbes probes;
        private volatile DomainProbes confirm;
        private final Set<Long> correlated = ConcurrentHashMap.newKeySet();
        private volatile Instant lastUsed;

        private Cycle(String key, DomainProbes probes) {
            this.key = key;
            this.probes = probes;
        }

        String key() {
            return key;
        }

        /** The probe families of this cycle: {@code endpoints} and {@code dane}. */
        List<Check<?>> checks() {
            return withDane(probes);
        }

        /** The probe families with the cycle's second prober, for confirming a regression. */
        synchronized List<Check<?>> confirmationChecks() {
            if (confirm == null) {
                confirm = newProbes();
            }
            return withDane(confirm);
        }

        /** True the first time a server is claimed for correlation in this cycle. */
        boolean claimCorrelation(long serverId) {
            return correlated.add(serverId);
        }
    }

    /** The probes and the dane family judging their observations (dane reuses the cycle's sessions). */
    private static List<Check<?>> withDane(DomainProbes probes) {
        return List.of(probes, CheckRegistry.withProbes(probes).byId("dane").orElseThrow());
    }
}
