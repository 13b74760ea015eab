package dev.mailward.accounts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per API token, in memory: each holds at most {@code burst} requests and refills
 * at {@code requestsPerSecond}. Per JVM: with several console replicas each enforces the limit on
 * its own share of the traffic. Bounded: the least recently used buckets are forgotten (a
 * forgotten bucket starts full, which only ever errs towards letting a request through).
 */
final class ApiRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final class Bucket {
        double available;
        long updatedNanos;
    }

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<Long, Bucket> buckets;

    ApiRateLimiter(ApiProperties.RateLimit settings, LongSupplier nanoTime) {
        this.perSecond = settings.requestsPerSecond();
        this.burst = settings.burst();
        this.nanoTime = nanoTime;
        int max = settings.trackedTokens();
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Bucket> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Takes one request from the token's bucket.
     *
     * @return 0 when the request may proceed, otherwise the whole seconds (at least 1) after which
     *     the next request will be allowed
     */
    synchronized long acquire(long tokenId) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(tokenId);
        if (b == null) {
            b = new Bucket();
            b.available = burst;
            b.updatedNanos = now;
            buckets.put(tokenId, b);
        }
        double elapsed = Math.max(0, now - b.updatedNanos) / (double) NANOS_PER_SECOND;
        b.available = Math.min(burst, b.available + elapsed * perSecond);
        b.updatedNanos = now;
        if (b.available >= 1) {
            b.available -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.available) / perSecond));
    }

    synchronized int size() {
        return buckets.size();
    }
}
