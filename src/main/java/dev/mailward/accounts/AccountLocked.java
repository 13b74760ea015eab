package dev.mailward.accounts;

/**
 * An account was locked for one client address after too many failed logins from there; from
 * other addresses it stays open (see {@link AccountLoginsDelayed} for the account as a whole).
 *
 * @param userId the user's id
 * @param username lower-case login name
 * @param sourceAddress the locked-out client address
 * @param lockedUntil when the lock ends (UTC)
 */
public record AccountLocked(long userId, String username, String sourceAddress, java.time.Instant lockedUntil) {}
