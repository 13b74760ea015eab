package dev.mailward.probe;

import java.util.Optional;

/**
 * The mail protocol spoken on an endpoint and how TLS is reached there: by a command on a plain
 * connection ({@code STARTTLS}/{@code STLS}) or at once after connecting (implicit TLS, RFC 8314).
 */
public enum Protocol {
    /** SMTP relay, port 25, STARTTLS (RFC 5321, RFC 3207). */
    SMTP(25, false),
    /** Message submission, port 587, STARTTLS (RFC 6409). */
    SUBMISSION(587, false),
    /** Message submission over implicit TLS, port 465 (RFC 8314). */
    SUBMISSIONS(465, true),
    /** IMAP, port 143, STARTTLS (RFC 9051). */
    IMAP(143, false),
    /** IMAP over implicit TLS, port 993 (RFC 8314). */
    IMAPS(993, true),
    /** POP3, port 110, STLS (RFC 1939, RFC 2595). */
    POP3(110, false),
    /** POP3 over implicit TLS, port 995 (RFC 8314). */
    POP3S(995, true),
    /** ManageSieve, port 4190, STARTTLS (RFC 5804). */
    MANAGESIEVE(4190, false);

    private final int defaultPort;
    private final boolean implicitTls;

    Protocol(int defaultPort, boolean implicitTls) {
        this.defaultPort = defaultPort;
        this.implicitTls = implicitTls;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Whether TLS starts right after connecting rather than after a command. */
    public boolean implicitTls() {
        return implicitTls;
    }

    /** Whether the dialogue is SMTP (relay or submission). */
    public boolean isSmtp() {
        return this == SMTP || this == SUBMISSION || this == SUBMISSIONS;
    }

    /** The protocol usually served on {@code port}, e.g. 587 = {@link #SUBMISSION}. */
    public static Optional<Protocol> forPort(int port) {
        for (Protocol p : values()) {
            if (p.defaultPort == port) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
