package dev.mailward.checks.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.probe.ProbeSessions;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineMetersTests {

    private static CheckResult spfFail() {
        Finding f = new Finding("SPF_MISSING", dev.mailward.checks.Status.FAIL, "no SPF record", "spf-dkim");
        return CheckResult.of(
                "spf", "example.test", List.of(f), Evidence.empty(), Instant.now(), Duration.ofMillis(250));
    }

    @Test
    void countsAndTimesEveryJudgedResultByCheckAndStatusWithoutADomainLabel() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EngineMeters meters = new EngineMeters(false);
        meters.bindTo(registry);
        meters.judged("example.test", spfFail());
        meters.judged("other.test", spfFail());

        Timer timer = registry.get(EngineMeters.CHECKS)
                .tags("check", "spf", "status", "FAIL")
                .timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(500.0);
        assertThat(timer.getId().getTag("domain")).isNull();
        assertThat(registry.get(EngineMeters.CHECKS).timers()).hasSize(1);
    }

    @Test
    void aDomainLabelOnlyWhenPerDomainIsOn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EngineMeters meters = new EngineMeters(true);
        meters.bindTo(registry);
        meters.judged("example.test", spfFail());
        meters.judged("other.test", spfFail());

        assertThat(registry.get(EngineMeters.CHECKS).timers()).hasSize(2);
        assertThat(registry.get(EngineMeters.CHECKS)
                        .tags("domain", "other.test")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void probeSessionsAreOneCounterPerOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new EngineMeters(false).bindTo(registry);
        assertThat(registry.get(EngineMeters.PROBES).functionCounters()).hasSize(ProbeSessions.Outcome.values().length);
        assertThat(registry.get(EngineMeters.PROBES)
                        .tag("outcome", "tls_failed")
                        .functionCounter())
                .isNotNull();
    }
}
