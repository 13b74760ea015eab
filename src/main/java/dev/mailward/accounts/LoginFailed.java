package dev.mailward.accounts;

/**
 * A login attempt was refused (wrong password, unknown user, disabled, locked or throttled).
 *
 * @param userId the user's id, {@code null} when no such user exists
 * @param username the user name tried (lower case, at most 64 characters)
 * @param sourceAddress client address of the request
 * @param reason {@code bad-credentials}, {@code disabled} or {@code locked}
 */
public record LoginFailed(Long userId, String username, String sourceAddress, String reason) {
}
