package dev.mailward.accounts;

/**
 * A client address was blocked after too many failed logins (for any user names).
 *
 * @param sourceAddress the blocked client address
 * @param blockedUntil when the block ends (UTC)
 */
public record SourceAddressBlocked(String sourceAddress, java.time.Instant blockedUntil) {}
