package dev.mailward.scanning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a "scan now" stands.
 *
 * @param id the scan run
 * @param label what was asked for, e.g. {@code tag:prod}
 * @param requestedBy who asked
 * @param requestedAt when
 * @param total domains in it
 * @param done domains scanned
 * @param cancelled domains left out because it was cancelled
 * @param current domains being scanned now (A-labels)
 * @param cancelledAt when it was cancelled
 */
public record ScanProgress(
        long id,
        String label,
        String requestedBy,
        Instant requestedAt,
        int total,
        int done,
        int cancelled,
        List<String> current,
        Optional<Instant> cancelledAt) {

    public ScanProgress {
        current = List.copyOf(current);
    }

    /** Whether nothing is left to do. */
    public boolean finished() {
        return done + cancelled >= total;
    }

    /** Where the scan stands as one word (cancelled wins over done: it was stopped). */
    public ScanRunState state() {
        if (cancelledAt.isPresent()) {
            return ScanRunState.CANCELLED;
        }
        if (finished()) {
            return ScanRunState.DONE;
        }
        return done > 0 || !current.isEmpty() ? ScanRunState.RUNNING : ScanRunState.QUEUED;
    }

    /** Done share in percent (0..100). */
    public int percent() {
        return total == 0 ? 100 : (int) Math.min(100, Math.round(100.0 * done / total));
    }

    /** Estimated time left from the pace so far; empty until one domain is done or when finished. */
    public Optional<Duration> eta(Instant now) {
        if (done == 0 || finished()) {
            return Optional.empty();
        }
        long elapsed = Math.max(0, Duration.between(requestedAt, now).toMillis());
        long left = total - done - cancelled;
        return Optional.of(Duration.ofMillis(elapsed / done * left));
    }
}
