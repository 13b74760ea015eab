package dev.mailward.accounts;

/**
 * A user signed in interactively (form login, with its second step if any, or single sign-on).
 *
 * @param userId the user's id
 * @param username lower-case login name
 * @param sourceAddress client address of the request
 * @param method how: {@value #PASSWORD}, or {@code OIDC issuer=<issuer URL>} for single sign-on
 */
public record LoginSucceeded(long userId, String username, String sourceAddress, String method) {

    /** The method of a sign-in with the local password. */
    public static final String PASSWORD = "PASSWORD";

    /** A sign-in with the local password. */
    public LoginSucceeded(long userId, String username, String sourceAddress) {
        this(userId, username, sourceAddress, PASSWORD);
    }

    /** The method of a single sign-on through an OpenID provider. */
    public static String oidc(String issuer) {
        return "OIDC issuer=" + issuer;
    }
}
