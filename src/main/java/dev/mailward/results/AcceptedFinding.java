package dev.mailward.results;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

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
        Instant createdAt) {

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

    /** Whether this exception covers the finding {@code code} of the result {@code check}/{@code target}. */
    public boolean covers(String check, String target, String code) {
        return this.check.equals(check) && this.target.equals(target) && this.code.equals(code);
    }
}
