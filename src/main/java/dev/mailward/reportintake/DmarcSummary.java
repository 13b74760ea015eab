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
        List<Day> days,
        Coverage coverage,
        List<SourceDetail> sourceDetails,
        List<Organisation> organisations,
        RejectVerdict verdict) {

    /** The summary as the store makes it, before the analysis ({@link ReportIntake} adds it). */
    DmarcSummary(
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
        this(
                domainId, domain, from, to, messages, passing, passRate, policy, sources, reporters, failing, days,
                null, List.of(), List.of(), null);
    }

    /** This summary with the analysis of its sources. */
    DmarcSummary with(
            Coverage coverage, List<SourceDetail> details, List<Organisation> organisations, RejectVerdict verdict) {
        return new DmarcSummary(
                domainId,
                domain,
                from,
                to,
                messages,
                passing,
                passRate,
                policy,
                sources,
                reporters,
                failing,
                days,
                coverage,
                details,
                organisations,
                verdict);
    }

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

    /** How much the period holds: reports, distinct days with a report, distinct reporters. */
    public record Coverage(long reports, long days, long reporters) {}

    /**
     * How a source is judged (see the package documentation for the rules): {@code AUTHENTICATED} every message
     * passed DMARC; {@code PARTIAL} some did, some did not; {@code FORWARDED} a known forwarder or mailing list,
     * or DKIM passes aligned while SPF is not aligned and the envelope sender is not the domain's;
     * {@code UNAUTHENTICATED} no aligned pass at all and not a forwarder (possible spoofing).
     */
    public enum Kind {
        AUTHENTICATED,
        PARTIAL,
        FORWARDED,
        UNAUTHENTICATED
    }

    /**
     * One source address analysed: who it is ({@code origin}), its messages, DMARC passes, aligned SPF and DKIM
     * passes, SPF passes of any domain, the names it used, how it is judged, whether it is a legitimate sender
     * of the domain (an aligned pass on some messages, or a significant share of the messages from a
     * forward-confirmed organisation) and the changes that would make its failing messages pass.
     */
    public record SourceDetail(
            String ip,
            SourceOrigin origin,
            long messages,
            long passing,
            double passRate,
            long spfAligned,
            long dkimAligned,
            long spfPass,
            List<String> envelopeFrom,
            List<String> helo,
            List<String> dkimDomains,
            Kind kind,
            boolean legitimate,
            List<Fix> fixes) {

        /** Messages that failed DMARC. */
        public long failing() {
            return messages - passing;
        }
    }

    /**
     * A change that would make a source's messages pass: {@code code} names it ({@code SPF_ADD},
     * {@code ALIGN_ENVELOPE}, {@code DKIM_SIGN}, {@code DKIM_ALIGN}, {@code INTERMITTENT}), {@code args} fill its
     * text ({@code reportintake.fix.<code>}), {@code text} is that text in English.
     */
    public record Fix(String code, List<String> args, String text) {}

    /** The sources of one organisation (null: no PTR name) together. */
    public record Organisation(
            String organisation,
            boolean forwarder,
            long sources,
            long messages,
            long passing,
            double passRate,
            long spfAligned,
            long dkimAligned) {}

    /** A verdict's state. */
    public enum State {
        READY,
        NOT_READY,
        NOT_ENOUGH_DATA
    }

    /** One reason of a verdict: {@code code} ({@code reportintake.reason.<code>}), its arguments, in English. */
    public record Reason(String code, List<String> args, String text) {}

    /**
     * "Ready for p=reject?": {@code NOT_ENOUGH_DATA} below the minimum reports or days, {@code NOT_READY} while a
     * legitimate source fails ({@code blockers}, each with its fixes), else {@code READY}; with the reasons.
     */
    public record RejectVerdict(State state, List<Reason> reasons, List<SourceDetail> blockers) {}
}
