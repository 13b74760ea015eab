package dev.mailward.reportintake;

import java.time.LocalDate;
import java.util.List;

/**
 * What the DMARC aggregate reports about one domain say for a period (reports whose period begins on a day
 * from {@code from} to {@code to}, UTC, inclusive): messages, messages that passed DMARC, per source address
 * (with the DMARC-aligned SPF and DKIM passes), per reporter, the sources that fail most with the names they
 * gave (HELO, envelope sender, DKIM domains), the policy the latest report saw published, and the messages per
 * day. {@code passRate} is {@code passing / messages} (0 without messages).
 */
public record DmarcSummary(
        long domainId,
        String domain,
        LocalDate from,
        LocalDate to,
        long messages,
        long passing,
        double passRate,
        Policy policy,
        List<Source> sources,
        List<DmarcReporter> reporters,
        List<Failing> failing,
        List<Day> days) {

    /** The policy the latest report of the period saw published ({@code p} etc.; null values were absent). */
    public record Policy(String p, String sp, String np, String adkim, String aspf, String testing, String reporter) {}

    /** One source address: messages, passing DMARC, with an aligned SPF pass, with an aligned DKIM pass. */
    public record Source(String ip, long messages, long passing, long spfAligned, long dkimAligned) {}

    /** One reporter: reports, messages, passing DMARC. */
    public record DmarcReporter(String reporter, long reports, long messages, long passing) {}

    /** A source whose messages failed DMARC, with the names reporters saw it use. */
    public record Failing(
            String ip, long failing, List<String> helo, List<String> envelopeFrom, List<String> dkimDomains) {}

    /** Messages and passing messages of reports whose period begins on the day. */
    public record Day(LocalDate day, long messages, long passing) {}
}
