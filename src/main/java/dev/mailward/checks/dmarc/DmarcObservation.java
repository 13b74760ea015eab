package dev.mailward.checks.dmarc;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dmarc check saw for one domain: the DNS answers of both discovery methods, the
 * domain's MX and SPF and the report destinations' authorisations, in the order they were asked.
 * The analysis discovers again over these answers ({@link DmarcDiscovered}) and judges.
 *
 * @param asked the domain as given to the check
 * @param domain the checked domain (lower case, no trailing dot)
 * @param started when the check started (its result's {@code checkedAt})
 * @param elapsed how long observing took
 * @param dns every answer of the check's session, in order, as the evidence
 *     lists them ({@link Evidence#distinct}) (none when {@code asked} is no domain name)
 * @param failure the message of what stopped discovery unexpectedly, if something did
 */
public record DmarcObservation(
        String asked, String domain, Instant started, Duration elapsed, List<DnsAnswer> dns, Optional<String> failure)
        implements Observation {

    public DmarcObservation {
        dns = Evidence.distinct(dns);
    }
}
