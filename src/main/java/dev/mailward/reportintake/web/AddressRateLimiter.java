package dev.mailward.reportintake.web;

import dev.mailward.reportintake.ReportIntakeProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per source address for the open TLS-RPT endpoint, in memory: each holds at most {@code burst}
 * requests and refills at {@code requestsPerMinute}. Per JVM: with several replicas each enforces the limit on its
 * own share of the traffic. Bounded: the least recently used buckets are forgotten (a forgotten bucket starts
 * full, which only ever errs towards letting a request through).
 */
final class AddressRateLimiter {

    private static final double NANOS_PER_MINUTE = 60_000_000_000d;

    private static final class Bucket {
        double available;
        long updatedNanos;
    }

    private final double perMinute;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    AddressRateLimiter(ReportIntakeProperties.TlsRpt settings, LongSupplier nanoTime) {
        this.perMinute = settings.requestsPerMinute();
        this.burst = settings.burst();
        this.nanoTime = nanoTime;
        int max = settings.trackedAddresses();
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Takes one request from the address's bucket.
     *
     * @return 0 when the request may proceed, otherwise the whole seconds (at least 1) after which the next
     *     request will be allowed
     */
    synchronized long acquire(String address) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(address);
        if (b == null) {
            b = new Bucket();
            b.available = burst;
            b.updatedNanos = now;
            buckets.put(address, b);
        }
        double elapsed = Math.max(0, now - b.updatedNanos) / NANOS_PER_MINUTE;
        b.available = Math.min(burst, b.available + elapsed * perMinute);
        b.updatedNanos = now;
        if (b.available >= 1) {
            b.available -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.available) / perMinute * 60));
    }
}
