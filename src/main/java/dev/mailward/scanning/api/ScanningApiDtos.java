package dev.mailward.scanning.api;

import dev.mailward.inventory.PageOf;
import dev.mailward.scanning.ScanProgress;
import dev.mailward.scanning.ScanSummary;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of {@code /api/v1/scans}. */
final class ScanningApiDtos {

    private ScanningApiDtos() {}

    /**
     * Body of POST /api/v1/scans.
     *
     * @param scope {@code domains}, {@code tag}, {@code team} or {@code all}
     * @param domainIds the domains of {@code domains}
     * @param tag the tag of {@code tag}
     * @param teamId the team of {@code team}
     */
    record StartScan(String scope, List<Long> domainIds, String tag, Long teamId) {}

    /**
     * Where a scan stands.
     *
     * @param state {@code QUEUED}, {@code RUNNING}, {@code DONE} or {@code CANCELLED}
     * @param remaining domains neither done nor left out
     * @param etaSeconds estimated seconds left, from the pace so far; null until one domain is done and when finished
     * @param current domains being scanned now (at most 5)
     * @param found what the scan found so far, counted in domains
     */
    record Scan(
            long id,
            String label,
            String requestedBy,
            Instant requestedAt,
            String state,
            int total,
            int done,
            int cancelled,
            int remaining,
            int percent,
            Long etaSeconds,
            List<String> current,
            Instant cancelledAt,
            ScanSummary found) {
        static Scan of(ScanProgress p, ScanSummary found) {
            Instant now = Instant.now();
            return new Scan(
                    p.id(),
                    p.label(),
                    p.requestedBy(),
                    p.requestedAt(),
                    p.state().name(),
                    p.total(),
                    p.done(),
                    p.cancelled(),
                    Math.max(0, p.total() - p.done() - p.cancelled()),
                    p.percent(),
                    p.eta(now).map(d -> d.toSeconds()).orElse(null),
                    p.current(),
                    p.cancelledAt().orElse(null),
                    found);
        }
    }

    /** One page of a list. */
    record Page<T>(List<T> items, int page, int pageSize, long total, int totalPages) {
        static <S, T> Page<T> of(PageOf<S> page, Function<S, T> map) {
            return new Page<>(
                    page.items().stream().map(map).toList(),
                    page.page(),
                    page.pageSize(),
                    page.total(),
                    page.totalPages());
        }
    }
}
