package dev.mailward.checks.dkim;

import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dkim check saw for one domain: the key record lookup of every selector tried.
 *
 * @param domain the checked domain (A-label)
 * @param started when the check started (its results' {@code checkedAt})
 * @param elapsed how long observing took
 * @param configuredSelectors the selectors configured for the domain, as given (the invalid ones
 *     were not queried and are judged from here)
 * @param selectors every selector queried, configured ones first, and its TXT answer
 * @param failure what stopped the check unexpectedly ({@code "Class: message"}), if something did
 */
public record DkimObservation(
        String domain,
        Instant started,
        Duration elapsed,
        List<String> configuredSelectors,
        List<Selector> selectors,
        Optional<String> failure)
        implements Observation {

    public DkimObservation {
        configuredSelectors = List.copyOf(configuredSelectors);
        selectors = List.copyOf(selectors);
    }

    /**
     * One selector lookup.
     *
     * @param selector the selector, lower case
     * @param configured whether it was configured for the domain (else one of the common ones)
     * @param answer the TXT answer at {@code <selector>._domainkey.<domain>}
     */
    public record Selector(String selector, boolean configured, DnsAnswer answer) {}
}
