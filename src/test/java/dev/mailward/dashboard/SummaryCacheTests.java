package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The portfolio's fleet-wide figures: reused per scope for the TTL, computed again after it or a refresh. */
class SummaryCacheTests {

    private static SummaryCache cache(Duration ttl) {
        return new SummaryCache(new DashboardProperties(true, Duration.ofSeconds(30), 30, ttl));
    }

    @Test
    void reusesTheFiguresOfAScopeUntilScoresAreRefreshed() {
        SummaryCache cache = cache(Duration.ofMinutes(10));
        AtomicInteger computed = new AtomicInteger();
        assertThat(cache.get(List.of("fleet", 1L), computed::incrementAndGet)).isEqualTo(1);
        assertThat(cache.get(List.of("fleet", 1L), computed::incrementAndGet)).isEqualTo(1);
        assertThat(cache.get(List.of("fleet", 2L), computed::incrementAndGet))
                .as("another scope")
                .isEqualTo(2);
        cache.clear();
        assertThat(cache.get(List.of("fleet", 1L), computed::incrementAndGet)).isEqualTo(3);
    }

    @Test
    void computesTheFiguresAgainAfterTheTtl() {
        SummaryCache cache = cache(Duration.ofMillis(200));
        AtomicInteger computed = new AtomicInteger();
        int first = cache.get(List.of("fleet"), computed::incrementAndGet);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cache.get(List.of("fleet"), computed::incrementAndGet) > first);
    }

    @Test
    void aTtlOfZeroComputesTheFiguresForEveryPage() {
        SummaryCache cache = cache(Duration.ZERO);
        AtomicInteger computed = new AtomicInteger();
        cache.get(List.of("fleet"), computed::incrementAndGet);
        cache.get(List.of("fleet"), computed::incrementAndGet);
        assertThat(computed).hasValue(2);
    }
}
