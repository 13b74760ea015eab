package dev.mailward.checks.spf;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the spf check saw for one domain: the SPF evaluation tree as the DNS answers its walk and
 * its {@code check_host()} evaluations were given, in the order they were asked. The analysis walks
 * the same tree again over these answers ({@link dev.mailward.checks.RecordedDns}).
 *
 * @param domain the checked domain (A-label)
 * @param started when the check started (its result's {@code checkedAt}, and the {@code %{t}} of
 *     the evaluations)
 * @param elapsed how long observing took
 * @param dns every answer of the check's session, in order, as the evidence
 *     lists them ({@link Evidence#distinct})
 * @param budgetExhausted whether the check's DNS budget was spent
 * @param lookups lookups made (cache hits included)
 * @param failure what stopped the walk unexpectedly ({@code "Class: message"}), if something did
 */
public record SpfObservation(
        String domain,
        Instant started,
        Duration elapsed,
        List<DnsAnswer> dns,
        boolean budgetExhausted,
        int lookups,
        Optional<String> failure)
        implements Observation {

    public SpfObservation {
        dns = Evidence.distinct(dns);
    }
}
