package dev.mailward.probe;

/**
 * One line of a session transcript; the {@code checks} module turns it into evidence.
 *
 * @param atMillis milliseconds since the session started
 * @param direction {@code "C"} client to server, {@code "S"} server to client, {@code "*"} event
 *     (connect, TLS handshake, bound hit, close)
 * @param text the line with control and non-ASCII characters escaped ({@code \r}, {@code \x01})
 */
public record TranscriptEntry(long atMillis, String direction, String text) {}
