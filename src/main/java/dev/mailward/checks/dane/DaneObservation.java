package dev.mailward.checks.dane;

import dev.mailward.checks.DiscoveredTargets;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@code dane} family observed for one domain, before any judgement: the MX set and, per
 * MX host, the TLSA answer at {@code _25._tcp.<host>} and the cycle's session with the host (the
 * chain it presented), when the TLSA answer made it worth looking. A stored format: add components,
 * do not change them.
 *
 * @param domain the domain (A-label)
 * @param started when the family started (the domain result's {@code checkedAt})
 * @param elapsed how long the MX lookup took (the domain result's {@code elapsed})
 * @param mx the MX set as the one discovery found it
 * @param mxDns the answers of the MX lookup as the evidence lists them (the domain result's DNS evidence)
 * @param hosts one entry per MX host, in MX order
 */
public record DaneObservation(
        String domain,
        Instant started,
        Duration elapsed,
        MailDiscovery.MxSet mx,
        List<DnsAnswer> mxDns,
        List<Host> hosts)
        implements Observation, DiscoveredTargets {

    public DaneObservation {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mx, "mx");
        mxDns = List.copyOf(mxDns);
        hosts = List.copyOf(hosts);
    }

    @Override
    public boolean discoveryAnswered() {
        return mx.kind() != MailDiscovery.MxKind.FAILED
                && mx.hosts().stream().noneMatch(MailDiscovery.Host::lookupFailed);
    }

    /**
     * One MX host.
     *
     * @param host the host name
     * @param started when its observation began (its result's {@code checkedAt})
     * @param elapsed how long it took
     * @param tlsa the TLSA answer at {@code _25._tcp.<host>}
     * @param dns the answers of its lookups as the evidence lists them (its result's DNS evidence)
     * @param session the cycle's session with the host on the MX port; looked for unless the TLSA
     *     answer is BOGUS or failed, empty when it was not looked for or the probe could not run
     */
    public record Host(
            String host,
            Instant started,
            Duration elapsed,
            DnsAnswer tlsa,
            List<DnsAnswer> dns,
            Optional<EndpointObservation> session) {

        public Host {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tlsa, "tlsa");
            dns = List.copyOf(dns);
            Objects.requireNonNull(session, "session");
        }
    }
}
