package dev.mailward.probe;

/**
 * Why TLS could not be established on the main session.
 *
 * @param refused true when the server itself refused (STARTTLS answered with an error, a fatal
 *     alert, the connection closed during the handshake); false when the cause was a bound such as
 *     a timeout, so the failure says nothing about the server's TLS
 * @param reason what happened, naming the reply or alert
 */
public record TlsFailure(boolean refused, String reason) {}
