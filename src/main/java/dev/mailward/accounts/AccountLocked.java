package dev.mailward.accounts;

/**
 * An account was locked after too many failed logins.
 *
 * @param userId the user's id
 * @param username lower-case login name
 * @param sourceAddress address of the attempt that caused the lock
 * @param lockedUntil when the lock ends (UTC)
 */
public record AccountLocked(long userId, String username, String sourceAddress, java.time.Instant lockedUntil) {
}
