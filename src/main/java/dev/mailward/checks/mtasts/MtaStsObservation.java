package dev.mailward.checks.mtasts;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.MailUse;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.https.HttpsResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the mta-sts check saw for one domain: the {@code _mta-sts} TXT answer, the policy fetch
 * (only when one valid record asked for it) and the MX answer the policy is matched against.
 * Observed once per domain run and handed on typed: the strict MX name check of the
 * {@code endpoints} family reads the policy mode from here ({@link MtaStsCheck#policyMode}).
 *
 * @param domain the checked domain (A-label)
 * @param started when the check started (its result's {@code checkedAt})
 * @param elapsed how long observing took
 * @param txt the TXT answer at {@code _mta-sts.<domain>}; empty only when observing failed before it
 * @param fetcherError why no fetch was attempted although a record asked for one (a CA bundle that
 *     does not load), if so
 * @param fetch the policy fetch from {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}
 * @param mx the domain's MX answer, when the judgement needs it (no record, or a policy to match)
 * @param dns every answer of the check's session, in order, as the evidence
 *     lists them ({@link Evidence#distinct}) (the result's DNS evidence)
 * @param failure what stopped the check unexpectedly ({@code "Class: message"}), if something did
 * @param mailUse what the domain declares about its mail (null MX, SPF {@code -all} alone), asked
 *     when there is no record (empty otherwise, in observations stored before it was asked, and
 *     when another family's observation of it did not arrive in time)
 */
public record MtaStsObservation(
        String domain,
        Instant started,
        Duration elapsed,
        Optional<DnsAnswer> txt,
        Optional<String> fetcherError,
        Optional<HttpsResult> fetch,
        Optional<DnsAnswer> mx,
        List<DnsAnswer> dns,
        Optional<String> failure,
        Optional<MailUse> mailUse)
        implements Observation {

    public MtaStsObservation {
        dns = Evidence.distinct(dns);
        // an observation stored before mailUse was asked has none
        mailUse = mailUse == null ? Optional.empty() : mailUse;
    }

    /** An observation without what the domain declares about its mail. */
    public MtaStsObservation(
            String domain,
            Instant started,
            Duration elapsed,
            Optional<DnsAnswer> txt,
            Optional<String> fetcherError,
            Optional<HttpsResult> fetch,
            Optional<DnsAnswer> mx,
            List<DnsAnswer> dns,
            Optional<String> failure) {
        this(domain, started, elapsed, txt, fetcherError, fetch, mx, dns, failure, Optional.empty());
    }
}
