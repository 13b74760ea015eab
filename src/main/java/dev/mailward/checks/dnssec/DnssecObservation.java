package dev.mailward.checks.dnssec;

import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the dnssec check saw for one domain: the SOA answer of the domain (or its denial) and the
 * address answers of its MX hosts, each with its DNSSEC status.
 *
 * @param domain the checked domain (A-label)
 * @param started when the SOA lookup started (the domain result's {@code checkedAt})
 * @param elapsed how long it took
 * @param soa the SOA answer
 * @param mxStarted when the MX lookup started (the MX host results' {@code checkedAt})
 * @param mxElapsed how long the MX lookup and its hosts' address lookups took
 * @param mx the MX set and its hosts' address answers
 * @param diagnosis when the SOA answer is BOGUS, what tells why: the DNSKEY answers asked with
 *     checking disabled from the domain up to the zone that signs it, that zone's DS at the parent
 *     (validated) and its SOA with checking disabled (the signatures and their validity); empty
 *     otherwise
 * @param signatures when the SOA answer is SECURE, the same SOA asked once with checking disabled: the
 *     signatures (RRSIG) that cover it, whose earliest expiration is recorded in the evidence (a zone whose
 *     signer stopped re-signing goes BOGUS when they expire); empty otherwise
 */
public record DnssecObservation(
        String domain,
        Instant started,
        Duration elapsed,
        DnsAnswer soa,
        Instant mxStarted,
        Duration mxElapsed,
        MailDiscovery.MxSet mx,
        List<DnsAnswer> diagnosis,
        List<DnsAnswer> signatures)
        implements Observation {

    public DnssecObservation {
        // an observation stored before the diagnosis (or the signatures) existed has none
        diagnosis = diagnosis == null ? List.of() : List.copyOf(diagnosis);
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    /** An observation without the signatures of a secure zone. */
    public DnssecObservation(
            String domain,
            Instant started,
            Duration elapsed,
            DnsAnswer soa,
            Instant mxStarted,
            Duration mxElapsed,
            MailDiscovery.MxSet mx,
            List<DnsAnswer> diagnosis) {
        this(domain, started, elapsed, soa, mxStarted, mxElapsed, mx, diagnosis, List.of());
    }

    /** An observation without a diagnosis (the SOA answer was not BOGUS). */
    public DnssecObservation(
            String domain,
            Instant started,
            Duration elapsed,
            DnsAnswer soa,
            Instant mxStarted,
            Duration mxElapsed,
            MailDiscovery.MxSet mx) {
        this(domain, started, elapsed, soa, mxStarted, mxElapsed, mx, List.of(), List.of());
    }
}
