package dev.mailward.accounts;

/**
 * A token that was just created, with its secret: show {@link #secret()} once and forget it.
 * Mailward keeps only its SHA-256 and cannot show it again.
 *
 * @param token the stored token
 * @param secret the complete token, {@code mw_<prefix>_<43 base64url characters>}
 */
public record CreatedApiToken(ApiTokenView token, String secret) {

    @Override
    public String toString() {
        // never let the secret reach a log line
        return "CreatedApiToken[token=" + token + ", secret=***]";
    }
}
