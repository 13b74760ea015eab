package dev.mailward.reportintake;

import java.util.List;

/**
 * What the reports about one domain say for a period, in figures only: DMARC messages and the messages that
 * passed DMARC (aggregate reports), successful and failed TLS sessions (SMTP TLS reports) and the result types
 * of the failed ones ({@code certificate-expired}, …, sorted). A domain without reports of one kind has zeros
 * for it.
 */
public record DomainPassRate(
        long domainId,
        String domain,
        long messages,
        long passing,
        long tlsSuccessful,
        long tlsFailed,
        List<String> tlsResultTypes) {

    public DomainPassRate {
        tlsResultTypes = List.copyOf(tlsResultTypes);
    }

    /** {@code passing / messages}, 0 without messages. */
    public double passRate() {
        return messages == 0 ? 0 : (double) passing / messages;
    }

    /** Successful and failed TLS sessions. */
    public long tlsSessions() {
        return tlsSuccessful + tlsFailed;
    }

    /** {@code tlsSuccessful / tlsSessions}, 0 without sessions. */
    public double tlsSuccessRate() {
        return tlsSessions() == 0 ? 0 : (double) tlsSuccessful / tlsSessions();
    }
}
