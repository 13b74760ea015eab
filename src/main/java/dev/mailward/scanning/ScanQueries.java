package dev.mailward.scanning;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Read access for other modules (mitigations, dashboards, reports, notifications). These reads
 * are not scoped to the signed-in user: callers decide which domains a user may see (e.g. through
 * {@code InventoryService.domain(id)}), and scheduled jobs read without a user.
 */
@Service
public class ScanQueries {

    /** The most rows {@link #history} returns. */
    public static final int HISTORY_LIMIT = 10_000;

    private final ResultStore results;
    private final ExceptionStore exceptions;

    ScanQueries(ResultStore results, ExceptionStore exceptions) {
        this.results = results;
        this.exceptions = exceptions;
    }

    /** The latest result per (check, target) of the domain, ordered by check id and target. */
    public List<StoredResult> currentResults(long domainId) {
        return results.current(domainId);
    }

    /**
     * The stored results of the domain checked in {@code [from, to)}, newest first, at most
     * {@link #HISTORY_LIMIT}.
     */
    public List<StoredResult> history(long domainId, Instant from, Instant to) {
        return results.history(domainId, from, to, HISTORY_LIMIT);
    }

    /** The domain's accepted findings that are neither revoked nor expired today (UTC). */
    public List<AcceptedFinding> exceptionsFor(long domainId) {
        return exceptions.active(domainId, LocalDate.now(ZoneOffset.UTC));
    }
}
