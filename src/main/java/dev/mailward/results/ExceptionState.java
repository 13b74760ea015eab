package dev.mailward.results;

import java.time.LocalDate;

/**
 * The tabs of the exceptions list, as of a day (UTC). An exception is revoked once someone ended it,
 * whatever its expiry; otherwise it is active through its expiry day and expired after it.
 *
 * <ul>
 *   <li>{@link #ACTIVE}: in force on the day (not revoked, not expired), expiring ones included;
 *   <li>{@link #EXPIRING}: active, and its last day is within {@link #EXPIRING_DAYS} days of the day;
 *   <li>{@link #EXPIRED}: not revoked, its last day is before the day;
 *   <li>{@link #REVOKED}: revoked;
 *   <li>{@link #ALL}: every one.
 * </ul>
 */
public enum ExceptionState {
    ACTIVE,
    EXPIRING,
    EXPIRED,
    REVOKED,
    ALL;

    /** How many days ahead an active exception's last day makes it "expiring". */
    public static final int EXPIRING_DAYS = 30;

    /** The state of {@code e} on {@code day}: {@link #REVOKED}, {@link #EXPIRED}, {@link #EXPIRING} or {@link #ACTIVE}. */
    public static ExceptionState of(ExceptionEntry e, LocalDate day) {
        if (e.revokedAt().isPresent()) {
            return REVOKED;
        }
        if (e.finding().expiresOn().isBefore(day)) {
            return EXPIRED;
        }
        return e.finding().expiresOn().isAfter(day.plusDays(EXPIRING_DAYS)) ? ACTIVE : EXPIRING;
    }
}
