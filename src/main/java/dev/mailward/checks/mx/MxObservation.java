package dev.mailward.checks.mx;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the mx check saw for one domain, before any judgement.
 *
 * @param domain the checked domain (A-label)
 * @param started when the check started (the result's {@code checkedAt})
 * @param elapsed how long observing took
 * @param mx the MX set and its hosts' addresses
 * @param dns every answer the lookup used, in order, as the evidence lists them ({@link Evidence#distinct})
 *     (the result's DNS evidence)
 */
public record MxObservation(
        String domain, Instant started, Duration elapsed, MailDiscovery.MxSet mx, List<DnsAnswer> dns)
        implements Observation {

    public MxObservation {
        dns = Evidence.distinct(dns);
    }
}
