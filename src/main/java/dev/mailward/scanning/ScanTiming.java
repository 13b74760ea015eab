package dev.mailward.scanning;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** When a domain is due. Pure functions, so the bounds are tested without a clock. */
final class ScanTiming {

    private ScanTiming() {}

    /**
     * The next regular run after one that ended {@code now}: the interval moved by a random share
     * in {@code [-jitter, +jitter]}, so that domains added together drift apart.
     */
    static Instant next(Instant now, int intervalMinutes, double jitter, RandomGenerator random) {
        long ms = Duration.ofMinutes(intervalMinutes).toMillis();
        double factor = 1.0 + (jitter == 0 ? 0 : random.nextDouble(-jitter, jitter));
        return now.plusMillis(Math.round(ms * factor));
    }

    /**
     * The first run of a domain that has none: anywhere within its first interval, so that 10,000
     * imported domains are spread over the day instead of starting at once.
     */
    static Instant first(Instant now, int intervalMinutes, RandomGenerator random) {
        long ms = Duration.ofMinutes(intervalMinutes).toMillis();
        return now.plusMillis(random.nextLong(0, ms));
    }
}
