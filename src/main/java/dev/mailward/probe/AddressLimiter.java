package dev.mailward.probe;

import dev.mailward.dns.AddressText;
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Politeness: at most {@code perAddress} concurrent sessions to one destination address across
 * all probes sharing this limiter (CHECKS.md "Mail server probes": one by default). Thread-safe;
 * starts no threads.
 */
public final class AddressLimiter {

    private final int perAddress;
    private final ConcurrentHashMap<InetAddress, Semaphore> permits = new ConcurrentHashMap<>();

    public AddressLimiter(int perAddress) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("connections per address must be at least 1, not " + perAddress);
        }
        this.perAddress = perAddress;
    }

    /** One session at a time per address. */
    public static AddressLimiter oneAtATime() {
        return new AddressLimiter(1);
    }

    public int perAddress() {
        return perAddress;
    }

    /** A held slot; closing it frees the slot. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    Permit acquire(InetAddress address, Instant deadline) throws ProbeAbort {
        Semaphore s = permits.computeIfAbsent(address, a -> new Semaphore(perAddress, true));
        long wait = deadline.toEpochMilli() - System.currentTimeMillis();
        try {
            if (wait <= 0 || !s.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                throw new ProbeAbort("deadline reached while waiting for a free connection slot to "
                        + AddressText.of(address) + " (at most " + perAddress + " at a time)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeAbort("interrupted while waiting for a connection slot to " + AddressText.of(address));
        }
        return s::release;
    }
}
