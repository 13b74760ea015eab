package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScanTimingTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void nextRunStaysWithinTheIntervalPlusOrMinusTheJitter() {
        SplittableRandom random = new SplittableRandom(42);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            Instant next = ScanTiming.next(NOW, 1440, 0.1, random);
            long minutes = Duration.between(NOW, next).toMinutes();
            assertThat(minutes).isBetween(1296L, 1584L);
            seen.add(minutes / 10);
        }
        // the jitter actually spreads the runs instead of keeping them in step
        assertThat(seen.size()).isGreaterThan(20);
    }

    @Test
    void withoutJitterTheNextRunIsExactlyOneIntervalLater() {
        assertThat(ScanTiming.next(NOW, 60, 0, new SplittableRandom(1))).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void firstRunsOfManyDomainsAreSpreadOverTheirFirstInterval() {
        SplittableRandom random = new SplittableRandom(7);
        int[] perHour = new int[24];
        for (int i = 0; i < 10_000; i++) {
            Instant first = ScanTiming.first(NOW, 1440, random);
            assertThat(first).isAfterOrEqualTo(NOW).isBefore(NOW.plus(Duration.ofDays(1)));
            perHour[(int) Duration.between(NOW, first).toHours()]++;
        }
        for (int n : perHour) {
            // about 417 per hour: no hour gets a crowd
            assertThat(n).isBetween(300, 550);
        }
    }
}
