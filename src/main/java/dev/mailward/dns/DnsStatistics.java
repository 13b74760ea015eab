package dev.mailward.dns;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many questions one {@link DnsClient} sent to its resolvers, by the outcome of each: a question
 * answered from the cache, refused by a budget or never valid is not counted, a question many callers
 * asked at once is counted once (they share one resolution). Counts only grow; thread-safe. The console
 * exports them as the meter {@code mailward.dns.queries} ({@code dns.config}); the library itself knows
 * no metrics system.
 */
public final class DnsStatistics {

    private final Map<DnsOutcome, LongAdder> resolved = new EnumMap<>(DnsOutcome.class);

    /** Every count at zero. */
    public DnsStatistics() {
        for (DnsOutcome o : DnsOutcome.values()) {
            resolved.put(o, new LongAdder());
        }
    }

    /** Counts one question sent to the resolvers that ended with {@code outcome}. */
    public void resolved(DnsOutcome outcome) {
        resolved.get(outcome).increment();
    }

    /** Questions sent to the resolvers that ended with {@code outcome}, since the client was created. */
    public long count(DnsOutcome outcome) {
        return resolved.get(outcome).sum();
    }
}
