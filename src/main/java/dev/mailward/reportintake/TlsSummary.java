package dev.mailward.reportintake;

import java.time.LocalDate;
import java.util.List;

/**
 * What the SMTP TLS reports (RFC 8460) about one domain's policies say for a period (reports whose period
 * begins on a day from {@code from} to {@code to}, UTC, inclusive): successful and failed sessions, failed
 * sessions per result type and receiving MX host, and per reporter.
 */
public record TlsSummary(
        long domainId,
        String domain,
        LocalDate from,
        LocalDate to,
        long successful,
        long failed,
        List<Failures> failures,
        List<TlsReporter> reporters) {

    /** Failed sessions of one result type ({@code certificate-expired}, …) at one MX host (null: not named). */
    public record Failures(String resultType, String mxHost, long sessions) {}

    /** One reporter: reports, successful and failed sessions. */
    public record TlsReporter(String reporter, long reports, long successful, long failed) {}
}
