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
        List<TlsReporter> reporters,
        DmarcSummary.Coverage coverage,
        List<ResultTotal> resultTypes,
        List<OrganisationFailures> organisations,
        EnforceVerdict verdict) {

    /** The summary as the store makes it, before the analysis ({@link ReportIntake} adds it). */
    TlsSummary(
            long domainId,
            String domain,
            LocalDate from,
            LocalDate to,
            long successful,
            long failed,
            List<Failures> failures,
            List<TlsReporter> reporters) {
        this(domainId, domain, from, to, successful, failed, failures, reporters, null, List.of(), List.of(), null);
    }

    /** This summary with the analysis. */
    TlsSummary with(
            DmarcSummary.Coverage coverage,
            List<ResultTotal> resultTypes,
            List<OrganisationFailures> organisations,
            EnforceVerdict verdict) {
        return new TlsSummary(
                domainId,
                domain,
                from,
                to,
                successful,
                failed,
                failures,
                reporters,
                coverage,
                resultTypes,
                organisations,
                verdict);
    }

    /** Successful sessions of all sessions (1 without sessions). */
    public double successRate() {
        long all = successful + failed;
        return all == 0 ? 1 : (double) successful / all;
    }

    /** Failed sessions of one result type ({@code certificate-expired}, …) at one MX host (null: not named). */
    public record Failures(String resultType, String mxHost, long sessions) {}

    /** One reporter: reports, successful and failed sessions. */
    public record TlsReporter(String reporter, long reports, long successful, long failed) {}

    /** Failed sessions of one result type, and whether that type keeps MTA-STS from {@code enforce}. */
    public record ResultTotal(String resultType, long sessions, boolean blocking) {}

    /**
     * Failed sessions of one result type reported for the sending servers of one organisation (the registrable
     * domain of the sending address's PTR name; null: no name, then {@code sendingIp} is the one address).
     */
    public record OrganisationFailures(String organisation, String sendingIp, String resultType, long sessions) {}

    /**
     * "MTA-STS ready for enforce?": {@code NOT_ENOUGH_DATA} below the minimum reports or days,
     * {@code NOT_READY} when the success rate is below the threshold or a blocking result type was reported,
     * else {@code READY}; with the reasons.
     */
    public record EnforceVerdict(DmarcSummary.State state, double successRate, List<DmarcSummary.Reason> reasons) {}
}
