package dev.mailward.scanning.api;

import dev.mailward.inventory.PageOf;
import dev.mailward.scanning.ChangeEntry;
import dev.mailward.scanning.ExceptionEntry;
import dev.mailward.scanning.ScanProgress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of {@code /api/v1/scans}, {@code /api/v1/changes} and {@code /api/v1/exceptions}. */
final class ScanningApiDtos {

    private ScanningApiDtos() {
    }

    /**
     * Body of POST /api/v1/scans.
     *
     * @param scope {@code domains}, {@code tag}, {@code team} or {@code all}
     * @param domainIds the domains of {@code domains}
     * @param tag the tag of {@code tag}
     * @param teamId the team of {@code team}
     */
    record StartScan(String scope, List<Long> domainIds, String tag, Long teamId) {
    }

    /**
     * Where a scan stands.
     *
     * @param state {@code QUEUED}, {@code RUNNING}, {@code DONE} or {@code CANCELLED}
     * @param remaining domains neither done nor left out
     * @param etaSeconds estimated seconds left, from the pace so far; null until one domain is done and when finished
     * @param current domains being scanned now (at most 5)
     */
    record Scan(long id, String label, String requestedBy, Instant requestedAt, String state, int total, int done,
            int cancelled, int remaining, int percent, Long etaSeconds, List<String> current, Instant cancelledAt) {
        static Scan of(ScanProgress p) {
            Instant now = Instant.now();
            return new Scan(p.id(), p.label(), p.requestedBy(), p.requestedAt(), p.state().name(), p.total(), p.done(),
                    p.cancelled(), Math.max(0, p.total() - p.done() - p.cancelled()), p.percent(),
                    p.eta(now).map(d -> d.toSeconds()).orElse(null), p.current(), p.cancelledAt().orElse(null));
        }
    }

    /** One page of a list. */
    record Page<T>(List<T> items, int page, int pageSize, long total, int totalPages) {
        static <S, T> Page<T> of(PageOf<S> page, Function<S, T> map) {
            return new Page<>(page.items().stream().map(map).toList(), page.page(), page.pageSize(), page.total(),
                    page.totalPages());
        }
    }

    /** One change of a result's status; {@code next} on the page is the next page's link, null on the last. */
    record Change(long id, long domainId, String domain, String check, String target, String direction, String from,
            String to, List<String> oldCodes, List<String> newCodes, boolean dnsChanged, Instant detectedAt) {
        static Change of(ChangeEntry c) {
            return new Change(c.id(), c.domainId(), c.domain(), c.check(), c.target(), c.direction().name(),
                    c.from().name(), c.to().name(), c.oldCodes(), c.newCodes(), c.dnsChanged(), c.detectedAt());
        }
    }

    /** A page of changes, newest first; no total (the list grows while it is read). */
    record ChangePage(List<Change> items, int page, int pageSize, String next) {
    }

    /**
     * Body of POST /api/v1/exceptions: accept the finding {@code code} of the result {@code check}/{@code target}.
     *
     * @param expiresOn last day it holds (today .. two years ahead)
     */
    record CreateException(Long domainId, String check, String target, String code, String reason,
            LocalDate expiresOn) {
    }

    /** An accepted finding; {@code active}: neither revoked nor expired today (UTC). */
    record FindingException(long id, long domainId, String domain, String check, String target, String code, String reason,
            LocalDate expiresOn, String createdBy, Instant createdAt, boolean active, String revokedBy,
            Instant revokedAt) {
        static FindingException of(ExceptionEntry e, LocalDate today) {
            var f = e.finding();
            return new FindingException(f.id(), f.domainId(), e.domain(), f.check(), f.target(), f.code(), f.reason(),
                    f.expiresOn(), f.createdBy(), f.createdAt(), e.activeOn(today), e.revokedBy().orElse(null),
                    e.revokedAt().orElse(null));
        }
    }
}
