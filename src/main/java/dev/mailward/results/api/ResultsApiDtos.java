package dev.mailward.results.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.mailward.checks.ResultsJson;
import dev.mailward.inventory.PageOf;
import dev.mailward.results.ChangeEntry;
import dev.mailward.results.ExceptionEntry;
import dev.mailward.results.ExceptionScope;
import dev.mailward.results.ExceptionState;
import dev.mailward.results.RejudgeCounts;
import dev.mailward.results.ReportedResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of {@code /api/v1/results}, {@code /api/v1/changes} and {@code /api/v1/exceptions}. */
final class ResultsApiDtos {

    private ResultsApiDtos() {}

    /**
     * What {@code POST /api/v1/results/rejudge} did: domains re-judged, left without a stored observation,
     * whose observation could not be read; the rules version; the time it took.
     */
    record Rejudged(
            int domains, int rejudged, int withoutObservation, int undecodable, int rulesVersion, long elapsedMillis) {
        static Rejudged of(RejudgeCounts c) {
            return new Rejudged(
                    c.domains(),
                    c.rejudged(),
                    c.withoutObservation(),
                    c.undecodable(),
                    c.rulesVersion(),
                    c.elapsedMillis());
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

    /** One change of a result's status; {@code next} on the page is the next page's link, null on the last. */
    record Change(
            long id,
            long domainId,
            String domain,
            String check,
            String target,
            String direction,
            String from,
            String to,
            List<String> oldCodes,
            List<String> newCodes,
            boolean dnsChanged,
            Instant detectedAt) {
        static Change of(ChangeEntry c) {
            return new Change(
                    c.id(),
                    c.domainId(),
                    c.domain(),
                    c.check(),
                    c.target(),
                    c.direction().name(),
                    c.from().name(),
                    c.to().name(),
                    c.oldCodes(),
                    c.newCodes(),
                    c.dnsChanged(),
                    c.detectedAt());
        }
    }

    /** A page of changes, newest first; no total (the list grows while it is read). */
    record ChangePage(List<Change> items, int page, int pageSize, String next) {}

    /**
     * Body of POST /api/v1/exceptions: accept the finding {@code code} of the result {@code check}/{@code target}.
     *
     * @param expiresOn last day it holds (today .. two years ahead)
     * @param scope {@code TARGET} (the default): this target only; {@code DOMAIN}: every target with this code on
     *     the domain
     */
    record CreateException(
            Long domainId,
            String check,
            String target,
            String code,
            String reason,
            LocalDate expiresOn,
            ExceptionScope scope) {}

    /**
     * An accepted finding; {@code active}: neither revoked nor expired today (UTC); {@code scope}: which targets
     * it covers ({@code TARGET}: {@code target} only, {@code DOMAIN}: every target with {@code code} on the
     * domain); {@code state}: {@code ACTIVE}, {@code EXPIRING} (within 30 days), {@code EXPIRED} or
     * {@code REVOKED}.
     */
    record FindingException(
            long id,
            long domainId,
            String domain,
            String check,
            String target,
            String code,
            String reason,
            LocalDate expiresOn,
            String createdBy,
            Instant createdAt,
            boolean active,
            String revokedBy,
            Instant revokedAt,
            ExceptionScope scope,
            ExceptionState state) {
        static FindingException of(ExceptionEntry e, LocalDate today) {
            var f = e.finding();
            return new FindingException(
                    f.id(),
                    f.domainId(),
                    e.domain(),
                    f.check(),
                    f.target(),
                    f.code(),
                    f.reason(),
                    f.expiresOn(),
                    f.createdBy(),
                    f.createdAt(),
                    e.activeOn(today),
                    e.revokedBy().orElse(null),
                    e.revokedAt().orElse(null),
                    f.scope(),
                    ExceptionState.of(e, today));
        }
    }

    /**
     * One result: the latest of one check on one target at the point in time asked for, in the one
     * results shape ({@link ResultsJson.ResultJson}; the list reads no evidence and no elapsed time) with
     * its domain and {@code checkedAt} beside it.
     */
    record Result(String domain, @JsonUnwrapped ResultsJson.ResultJson result, Instant checkedAt) {
        static Result of(ReportedResult r) {
            return new Result(
                    r.domain(),
                    ResultsJson.ResultJson.of(r.check(), r.target(), r.status(), r.findings()),
                    r.checkedAt());
        }
    }

    /** A page of results; {@code next} is the URL of the next page, absent on the last. */
    record ResultPage(List<Result> items, int page, int pageSize, Instant asOf, String next) {}
}
