package dev.mailward.checks.tlsrpt;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the tls-rpt check saw for one domain: the {@code _smtp._tls} TXT answer and, when there is
 * no record, the answers that say whether MTA-STS or DANE is deployed, in the order they were
 * asked. The analysis walks them again ({@link dev.mailward.checks.RecordedDns}).
 *
 * @param domain the checked domain (A-label)
 * @param started when the check started (its result's {@code checkedAt})
 * @param elapsed how long observing took
 * @param dns every answer of the check's session, in order, as the evidence
 *     lists them ({@link Evidence#distinct})
 * @param failure what stopped the check unexpectedly ({@code "Class: message"}), if something did
 */
public record TlsRptObservation(
        String domain, Instant started, Duration elapsed, List<DnsAnswer> dns, Optional<String> failure)
        implements Observation {

    public TlsRptObservation {
        dns = Evidence.distinct(dns);
    }
}
