package dev.mailward.probe;

/**
 * Why a presented certificate chain does not validate against the CA bundle, in the terms a mail
 * administrator fixes it by (CHECKS.md "tls", chain validity).
 */
public enum ChainCause {
    /** The server's own certificate is signed by its own key: no CA vouches for it. */
    SELF_SIGNED,
    /**
     * The chain leads to a CA the bundle does not hold: the server sent a root nobody trusts, or
     * its certificate comes from a private CA (no pointer to an issuer to fetch).
     */
    UNKNOWN_CA,
    /**
     * The server does not send the intermediate certificate(s) between its own and a trusted root:
     * the certificate names where its issuer can be fetched, but the server leaves it out.
     */
    INCOMPLETE_CHAIN,
    /** A path to a trusted CA exists but fails for another reason (an expired or revoked CA, a constraint). */
    OTHER
}
