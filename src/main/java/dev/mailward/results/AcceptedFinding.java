package dev.mailward.results;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * An exception: a finding an operator accepted with a reason until an expiry date. An accepted
 * finding is shown as "accepted", never as passing; after {@code expiresOn} it counts again. It holds
 * through its expiry day, in UTC: {@link #endsAt()} is the one place that says so.
 *
 * @param id the exception's id
 * @param domainId the domain
 * @param check the check id
 * @param target the result's target
 * @param code the finding code
 * @param reason why it is accepted
 * @param expiresOn last day the exception holds (inclusive, UTC)
 * @param createdBy who accepted it
 * @param createdAt when
 * @param scope which targets it covers: {@code target} only, or every target of the domain with {@code code}
 */
public record AcceptedFinding(
        long id,
        long domainId,
        String check,
        String target,
        String code,
        String reason,
        LocalDate expiresOn,
        String createdBy,
        Instant createdAt,
        ExceptionScope scope) {

    public AcceptedFinding {
        scope = scope == null ? ExceptionScope.TARGET : scope;
    }

    /** The first instant it no longer holds: the start of the day after {@code expiresOn}, UTC (exclusive end). */
    public Instant endsAt() {
        return expiresOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether it holds at {@code now}, that is before {@link #endsAt()}. */
    public boolean holdsAt(Instant now) {
        return now.isBefore(endsAt());
    }

    /** Whether it holds on {@code day} (UTC): on every day up to and including {@code expiresOn}. */
    public boolean holdsOn(LocalDate day) {
        return holdsAt(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /**
     * Whether this exception covers the finding {@code code} of the result {@code check}/{@code target}:
     * the same code, and for {@link ExceptionScope#TARGET} the same check and target.
     */
    public boolean covers(String check, String target, String code) {
        return this.code.equals(code)
                && (scope == ExceptionScope.DOMAIN || (this.check.equals(check) && this.target.equals(target)));
    }

    /** The target it is limited to, empty when it covers every target of the domain. */
    public Optional<String> coveredTarget() {
        return scope == ExceptionScope.DOMAIN ? Optional.empty() : Optional.of(target);
    }

    /** The check it is limited to, empty when it covers the code whichever check reports it. */
    public Optional<String> coveredCheck() {
        return scope == ExceptionScope.DOMAIN ? Optional.empty() : Optional.of(check);
    }
}
