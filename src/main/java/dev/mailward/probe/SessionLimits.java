package dev.mailward.probe;

import java.time.Duration;

/**
 * Bounds of one network session with a mail server. Every session also ends at the deadline it
 * is given; whichever bound is hit first ends it with a "not testable" reason.
 *
 * @param connectTimeout how long a TCP connect may take
 * @param readTimeout how long the server may stay silent while we wait for data
 * @param maxLineLength longest line accepted, in bytes (RFC 5321 §4.5.3.1.5 allows 512 for replies)
 * @param maxReplyLines most lines in one (multi-line) reply
 * @param maxBytes most bytes read from the server in one session, TLS records included
 */
public record SessionLimits(
        Duration connectTimeout, Duration readTimeout, int maxLineLength, int maxReplyLines, long maxBytes) {

    public SessionLimits {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxLineLength < 64 || maxReplyLines < 1 || maxBytes < 1024) {
            throw new IllegalArgumentException(
                    "limits too small: line " + maxLineLength + ", lines " + maxReplyLines + ", bytes " + maxBytes);
        }
    }

    /** 10 s connect, 20 s read, 2 KiB lines, 100 lines per reply, 64 KiB per session. */
    public static SessionLimits defaults() {
        return new SessionLimits(Duration.ofSeconds(10), Duration.ofSeconds(20), 2048, 100, 64 * 1024);
    }

    public SessionLimits withTimeouts(Duration connect, Duration read) {
        return new SessionLimits(connect, read, maxLineLength, maxReplyLines, maxBytes);
    }
}
