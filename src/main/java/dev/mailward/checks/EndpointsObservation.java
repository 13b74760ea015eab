package dev.mailward.checks;

import dev.mailward.checks.mtasts.MtaStsObservation;
import dev.mailward.checks.rdns.PtrObservation;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointOrigin;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@code endpoints} family ({@link DomainProbes}) observed for one domain, before any
 * judgement: the discovery (MX set, SRV services, configured endpoints), the facts that decide
 * whether certificate names are binding on port 25 (the MTA-STS policy mode, each MX host's TLSA
 * answer), and every endpoint session with the PTR names of the MX addresses probed. The typed
 * source of what the probes saw, for the family's analysis and for the configuration correlation
 * alike. A stored format: add components, do not change them.
 *
 * @param domain the domain (A-label)
 * @param started when the family started (the {@code endpoints} result's {@code checkedAt})
 * @param elapsed how long the discovery took (the {@code endpoints} result's {@code elapsed})
 * @param mx the MX set as the one discovery found it
 * @param srv the SRV services as the one discovery found them
 * @param unreadableEndpoints why configured endpoint texts could not be read (CLI {@code --endpoint})
 * @param dns every answer the discovery used, in order, as the evidence lists them (the {@code endpoints}
 *     result's DNS evidence)
 * @param mtaSts the domain's MTA-STS observation (the {@code mta-sts} family's, shared in the run), whose
 *     policy mode decides whether MX certificate names are binding; empty when there is no MX endpoint,
 *     no {@code v=STSv1} record, or the fetch did not arrive in time
 * @param targets the endpoints probed, MX first, without duplicates, each with its session
 */
public record EndpointsObservation(
        String domain,
        Instant started,
        Duration elapsed,
        MailDiscovery.MxSet mx,
        List<MailDiscovery.SrvService> srv,
        List<String> unreadableEndpoints,
        List<DnsAnswer> dns,
        Optional<MtaStsObservation> mtaSts,
        List<ProbedTarget> targets)
        implements Observation, DiscoveredTargets {

    public EndpointsObservation {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mx, "mx");
        srv = List.copyOf(srv);
        unreadableEndpoints = List.copyOf(unreadableEndpoints);
        dns = List.copyOf(dns);
        Objects.requireNonNull(mtaSts, "mtaSts");
        targets = List.copyOf(targets);
    }

    @Override
    public boolean discoveryAnswered() {
        return mx.kind() != MailDiscovery.MxKind.FAILED
                && mx.hosts().stream().noneMatch(MailDiscovery.Host::lookupFailed)
                && srv.stream()
                        .allMatch(s -> !s.answer().isFailure()
                                && s.records().stream()
                                        .allMatch(r -> r.target()
                                                .map(h -> !h.lookupFailed())
                                                .orElse(true)));
    }

    /**
     * One endpoint probed.
     *
     * @param origin where it was found
     * @param daneTlsa for an MX endpoint, the answer at {@code _25._tcp.<host>} (a DNSSEC-secure
     *     DANE-TA record makes the certificate name binding); empty for other endpoints
     * @param ptr for an MX endpoint that greeted, the PTR observation of the address probed (the
     *     {@code ptr} family's, shared in the run); empty otherwise or when it did not arrive in time
     * @param probe the probe and its session
     */
    public record ProbedTarget(
            EndpointOrigin origin,
            Optional<DnsAnswer> daneTlsa,
            Optional<PtrObservation.Address> ptr,
            ProbedEndpoint probe) {

        public ProbedTarget {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(daneTlsa, "daneTlsa");
            Objects.requireNonNull(ptr, "ptr");
            Objects.requireNonNull(probe, "probe");
        }

        /** The endpoint probed. */
        public Endpoint endpoint() {
            return probe.endpoint();
        }

        /** Whether it is port 25 of an MX host (the lab's MX port in labs). */
        public boolean isMx() {
            return origin.isMx();
        }
    }
}
