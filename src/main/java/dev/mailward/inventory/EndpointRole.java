package dev.mailward.inventory;

import java.util.Optional;

/**
 * What a mail server endpoint is for, with its usual port and the SRV service label that
 * announces it (RFC 6186 for submission/IMAP/POP3, RFC 8314 for the implicit-TLS variants,
 * RFC 5804 for ManageSieve).
 */
public enum EndpointRole {
    MX(25, null),
    SUBMISSION(587, "_submission._tcp"),
    SUBMISSIONS(465, "_submissions._tcp"),
    IMAP(143, "_imap._tcp"),
    IMAPS(993, "_imaps._tcp"),
    POP3(110, "_pop3._tcp"),
    POP3S(995, "_pop3s._tcp"),
    MANAGESIEVE(4190, "_sieve._tcp");

    private final int defaultPort;
    private final String srvLabel;

    EndpointRole(int defaultPort, String srvLabel) {
        this.defaultPort = defaultPort;
        this.srvLabel = srvLabel;
    }

    /** The port this service usually listens on. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The SRV owner-name prefix that announces this service, empty for MX. */
    public Optional<String> srvLabel() {
        return Optional.ofNullable(srvLabel);
    }
}
