package dev.mailward.probe;

import java.util.Optional;

/**
 * The outcome of offering exactly one TLS version on a fresh connection.
 *
 * @param version the version offered
 * @param outcome accepted, refused by the server (alert or close during the handshake), or not
 *     testable (timeout, rate limit, the connection failed before TLS)
 * @param handshake the handshake when accepted
 * @param detail what happened, e.g. "alert protocol_version received"
 */
public record TlsVersionResult(TlsVersion version, Outcome outcome, Optional<TlsHandshake> handshake, String detail) {

    /** Whether the server accepted the version. */
    public enum Outcome {
        ACCEPTED,
        REFUSED,
        NOT_TESTABLE
    }
}
