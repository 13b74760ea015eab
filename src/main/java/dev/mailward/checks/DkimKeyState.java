package dev.mailward.checks;

/**
 * What a DKIM selector's key in DNS means to a verifier, as the {@code dkim} family judges it
 * ({@link ProbeFacts#dkimKeys}).
 */
public enum DkimKeyState {
    /** A key a verifier accepts (RSA of 1024 bits or more, Ed25519). */
    USABLE,
    /** No key record at a configured selector. */
    MISSING,
    /** The key is revoked (empty {@code p=}). */
    REVOKED,
    /** The record does not parse, is too weak (RSA below 1024 bits) or is not for e-mail. */
    UNUSABLE
}
