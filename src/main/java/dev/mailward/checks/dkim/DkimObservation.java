package dev.mailward.checks.dkim;

import dev.mailward.checks.MailUse;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dkim check saw for one domain: the key record lookup of every selector tried, and
 * whether the domain declares that it sends no mail.
 *
 * @param domain the checked domain (A-label)
 * @param started when the check started (its results' {@code checkedAt})
 * @param elapsed how long observing took
 * @param configuredSelectors the selectors configured for the domain, as given (the invalid ones
 *     were not queried and are judged from here)
 * @param selectors every selector queried, configured ones first, and its TXT answer
 * @param failure what stopped the check unexpectedly ({@code "Class: message"}), if something did
 * @param mailUse what the domain declares about its mail (null MX, SPF {@code -all} alone), when
 *     it was observed (empty in observations stored before it was, and when another family's
 *     observation of it did not arrive in time)
 */
public record DkimObservation(
        String domain,
        Instant started,
        Duration elapsed,
        List<String> configuredSelectors,
        List<Selector> selectors,
        Optional<String> failure,
        Optional<MailUse> mailUse)
        implements Observation {

    public DkimObservation {
        configuredSelectors = List.copyOf(configuredSelectors);
        selectors = List.copyOf(selectors);
        // an observation stored before mailUse was observed has none
        mailUse = mailUse == null ? Optional.empty() : mailUse;
    }

    /** An observation without what the domain declares about its mail (judged as a sending domain). */
    public DkimObservation(
            String domain,
            Instant started,
            Duration elapsed,
            List<String> configuredSelectors,
            List<Selector> selectors,
            Optional<String> failure) {
        this(domain, started, elapsed, configuredSelectors, selectors, failure, Optional.empty());
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
