package dev.mailward.probe;

import java.util.Locale;
import java.util.Optional;

/**
 * The one service/port table: the mail protocol spoken on an endpoint, its usual port, how TLS is
 * reached there (by a command on a plain connection, {@code STARTTLS}/{@code STLS}, or at once after
 * connecting, implicit TLS, RFC 8314) and the SRV service that announces it (RFC 6186 §3, RFC 8314
 * §5.1, RFC 5804 §1.8; none for SMTP, which MX records announce). Onboarding ({@code inventory}),
 * the discovery ({@link MailDiscovery}) and the probes all read it from here.
 */
public enum Protocol {
    /** SMTP relay, port 25, STARTTLS (RFC 5321, RFC 3207); announced by MX records. */
    SMTP(25, false, null),
    /** Message submission, port 587, STARTTLS (RFC 6409). */
    SUBMISSION(587, false, "_submission._tcp"),
    /** Message submission over implicit TLS, port 465 (RFC 8314). */
    SUBMISSIONS(465, true, "_submissions._tcp"),
    /** IMAP, port 143, STARTTLS (RFC 9051). */
    IMAP(143, false, "_imap._tcp"),
    /** IMAP over implicit TLS, port 993 (RFC 8314). */
    IMAPS(993, true, "_imaps._tcp"),
    /** POP3, port 110, STLS (RFC 1939, RFC 2595). */
    POP3(110, false, "_pop3._tcp"),
    /** POP3 over implicit TLS, port 995 (RFC 8314). */
    POP3S(995, true, "_pop3s._tcp"),
    /** ManageSieve, port 4190, STARTTLS (RFC 5804). */
    MANAGESIEVE(4190, false, "_sieve._tcp");

    private final int defaultPort;
    private final boolean implicitTls;
    private final String srvService;

    Protocol(int defaultPort, boolean implicitTls, String srvService) {
        this.defaultPort = defaultPort;
        this.implicitTls = implicitTls;
        this.srvService = srvService;
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

    /**
     * The SRV owner-name prefix that announces this service, e.g. {@code _imaps._tcp}; empty for
     * {@link #SMTP}, which MX records announce.
     */
    public Optional<String> srvService() {
        return Optional.ofNullable(srvService);
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

    /**
     * The protocol named {@code name} in any case: the constant's name, or {@code sieve} for
     * {@link #MANAGESIEVE}; empty for anything else.
     */
    public static Optional<Protocol> named(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.equals("SIEVE")) {
            return Optional.of(MANAGESIEVE);
        }
        for (Protocol p : values()) {
            if (p.name().equals(n)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
