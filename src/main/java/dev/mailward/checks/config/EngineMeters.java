package dev.mailward.checks.config;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.CheckRunner;
import dev.mailward.probe.ProbeSessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;

/**
 * The engine's meters: {@code mailward.checks.duration} (a timer per check id and status of every result a
 * scan judges: how long it took to observe, and by its count how many results ended in each status) and
 * {@code mailward.probe.sessions} (endpoint probes by outcome). Labels are bounded by the check ids and
 * statuses; a {@code domain} label only with {@code mailward.metrics.per-domain=true}.
 */
final class EngineMeters implements CheckRunner.Listener, MeterBinder {

    static final String CHECKS = "mailward.checks.duration";
    static final String PROBES = "mailward.probe.sessions";

    private final boolean perDomain;
    private volatile MeterRegistry registry;

    EngineMeters(boolean perDomain) {
        this.perDomain = perDomain;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (ProbeSessions.Outcome outcome : ProbeSessions.Outcome.values()) {
            FunctionCounter.builder(PROBES, outcome, ProbeSessions::count)
                    .description("Mail server endpoint probes, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    @Override
    public void judged(String domain, CheckResult result) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        Tags tags = Tags.of("check", result.check(), "status", result.status().name());
        if (perDomain) {
            tags = tags.and("domain", domain);
        }
        Timer.builder(CHECKS)
                .description("Results of the scans' checks: time to observe, by check and status")
                .tags(tags)
                .register(r)
                .record(result.elapsed());
    }
}
