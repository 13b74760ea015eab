package dev.mailward.accounts;

/**
 * A sign-in was refused after its credentials were checked: a password (wrong password, unknown user, disabled
 * account) or an OpenID provider's answer (no group that grants access, no account, disabled account).
 * Password attempts refused without a check (blocked or delayed) are summed up in {@link LoginsRefused}.
 *
 * @param userId the user's id, {@code null} when no such user exists
 * @param username the user name tried (lower case, at most 64 characters)
 * @param sourceAddress client address of the request
 * @param reason {@code bad-credentials} or {@code disabled}; for single sign-on also {@code no-group},
 *     {@code no-account}, {@code password-sign-in-off}
 * @param method {@link LoginSucceeded#PASSWORD} or {@code OIDC issuer=<issuer URL>}
 */
public record LoginFailed(Long userId, String username, String sourceAddress, String reason, String method) {

    /** A refused password. */
    public LoginFailed(Long userId, String username, String sourceAddress, String reason) {
        this(userId, username, sourceAddress, reason, LoginSucceeded.PASSWORD);
    }
}
