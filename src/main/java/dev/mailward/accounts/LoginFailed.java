package dev.mailward.accounts;

/**
 * A password was checked and the login refused (wrong password, unknown user, disabled account).
 * Attempts refused without a check (blocked or delayed) are summed up in {@link LoginsRefused}.
 *
 * @param userId the user's id, {@code null} when no such user exists
 * @param username the user name tried (lower case, at most 64 characters)
 * @param sourceAddress client address of the request
 * @param reason {@code bad-credentials} or {@code disabled}
 */
public record LoginFailed(Long userId, String username, String sourceAddress, String reason) {}
