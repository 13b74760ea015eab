package dev.mailward.dns.internal;

import dev.mailward.dns.DnsOutcome;
import java.util.Optional;
import org.xbill.DNS.Message;

/**
 * A query that ended without a usable response (timeout, SERVFAIL, REFUSED, malformed or oversized
 * reply). Carries the outcome to report and, when one arrived, the last response (for its EDE).
 */
public final class TransportException extends RuntimeException {

    private final DnsOutcome outcome;
    private final String server;
    private final transient Message response;

    public TransportException(DnsOutcome outcome, String server, String message, Message response) {
        super(message, null, false, false);
        this.outcome = outcome;
        this.server = server;
        this.response = response;
    }

    public DnsOutcome outcome() {
        return outcome;
    }

    /** The last server tried, {@code host:port}. */
    public String server() {
        return server;
    }

    public Optional<Message> response() {
        return Optional.ofNullable(response);
    }
}
