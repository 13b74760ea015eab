package dev.mailward.accounts;

import java.time.Instant;

/**
 * An account reached the most failed logins allowed within the window, counted from every client
 * address: from now on each further attempt waits a delay that doubles with every failure (up to
 * {@code mailward.accounts.lockout.max-delay}). Attempts are not refused for good, so a stranger
 * cannot lock the owner out.
 *
 * @param userId the user's id
 * @param username lower-case login name
 * @param sourceAddress address of the attempt that reached the limit
 * @param failures failures counted in the window
 * @param delayedUntil when the next attempt may check a password (UTC)
 */
public record AccountLoginsDelayed(
        long userId, String username, String sourceAddress, int failures, Instant delayedUntil) {}
