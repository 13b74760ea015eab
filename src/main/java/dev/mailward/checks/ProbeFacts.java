package dev.mailward.checks;

import dev.mailward.checks.dane.DaneObservation;
import dev.mailward.checks.dkim.DkimCheck;
import dev.mailward.checks.dkim.DkimObservation;
import dev.mailward.checks.rdns.PtrObservation;
import dev.mailward.checks.smtp.SmtpChecks;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.TlsVersionResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.TLSARecord;

/**
 * What the probes of one domain run saw of each mail server, as typed facts read from the run's
 * observation ({@link DomainObservation}: the {@code endpoints}, {@code dane}, {@code ptr} and
 * {@code dkim} families'), never from the results' findings or evidence, and never from the
 * network. Pure. The configuration correlation compares them with a server's uploaded
 * configuration.
 *
 * <p>Per host name probed: the relay attempt and greeting of its MX endpoint (found on port 25, or
 * the lab's MX port), the PTR name of the address probed, the TLS versions its MX endpoint
 * accepted (in Postfix's spelling, {@code TLSv1} for 1.0), whether the domain's MX hosts publish
 * DNSSEC-secure TLSA records, and, only when 25, 465 and 587 were all probed, which of them
 * greeted (a port not probed is not a closed port).
 */
public final class ProbeFacts {

    private static final Set<Integer> SMTP_PORTS = Set.of(25, 465, 587);

    private ProbeFacts() {}

    /**
     * What the probes saw of one mail server; every part is empty when it was not measured.
     *
     * @param relayAccepted whether the relay attempt on its MX endpoint reached an accepted RCPT
     * @param banner the first line of its MX endpoint's greeting ({@code 220 ...})
     * @param ptrName the PTR name of the address its MX endpoint was probed at (lower case, no trailing dot)
     * @param tlsVersionsSeen the TLS versions its MX endpoint accepted, e.g. {@code TLSv1}, {@code TLSv1.3}
     * @param domainDanePresent whether the domain's MX hosts publish DNSSEC-secure TLSA records
     * @param openPorts the SMTP ports (25, 465, 587) that greeted, known only when all three were probed
     * @param vrfyEnumerable whether VRFY on its MX endpoint told an existing mailbox from a random address
     */
    public record Server(
            Optional<Boolean> relayAccepted,
            Optional<String> banner,
            Optional<String> ptrName,
            Set<String> tlsVersionsSeen,
            Optional<Boolean> domainDanePresent,
            Optional<Set<Integer>> openPorts,
            Optional<Boolean> vrfyEnumerable) {

        public Server {
            Objects.requireNonNull(relayAccepted);
            Objects.requireNonNull(banner);
            Objects.requireNonNull(ptrName);
            tlsVersionsSeen = Set.copyOf(tlsVersionsSeen);
            Objects.requireNonNull(domainDanePresent);
            openPorts = openPorts.map(Set::copyOf);
            Objects.requireNonNull(vrfyEnumerable);
        }
    }

    /**
     * The DKIM keys of the domain in DNS, per selector queried.
     *
     * @param domain the domain (A-label, lower case, no trailing dot)
     * @param selectors the state of each selector's key (lower case); selectors whose lookup failed
     *     are left out
     */
    public record DkimKeys(String domain, Map<String, DkimKeyState> selectors) {
        public DkimKeys {
            Objects.requireNonNull(domain);
            selectors = Map.copyOf(selectors);
        }
    }

    /** What was seen per probed host name (lower case); hosts without an SMTP endpoint are left out. */
    public static Map<String, Server> byHost(DomainObservation observation) {
        Optional<EndpointsObservation> endpoints = observation.observation("endpoints", EndpointsObservation.class);
        if (endpoints.isEmpty()) {
            return Map.of();
        }
        Optional<Boolean> dane =
                observation.observation("dane", DaneObservation.class).flatMap(ProbeFacts::domainDane);
        Optional<PtrObservation> ptr = observation.observation("ptr", PtrObservation.class);
        Map<String, List<EndpointsObservation.ProbedTarget>> hosts = new LinkedHashMap<>();
        for (EndpointsObservation.ProbedTarget t : endpoints.get().targets()) {
            hosts.computeIfAbsent(t.endpoint().host().toLowerCase(Locale.ROOT), h -> new ArrayList<>())
                    .add(t);
        }
        Map<String, Server> out = new LinkedHashMap<>();
        hosts.forEach((host, targets) -> {
            Optional<Boolean> relayAccepted = Optional.empty();
            Optional<String> banner = Optional.empty();
            Optional<String> ptrName = Optional.empty();
            Optional<Boolean> vrfyEnumerable = Optional.empty();
            Set<String> versions = new TreeSet<>();
            boolean any = false;
            Set<Integer> probedPorts = new TreeSet<>();
            Set<Integer> answered = new TreeSet<>();
            for (EndpointsObservation.ProbedTarget t : targets) {
                Optional<Integer> port = smtpPort(t);
                if (port.isEmpty()) {
                    continue;
                }
                any = true;
                probedPorts.add(port.get());
                Optional<EndpointObservation> session = t.probe().session();
                if (session.flatMap(EndpointObservation::greeting).isPresent()) {
                    answered.add(port.get());
                }
                if (!t.isMx() || session.isEmpty()) {
                    continue;
                }
                EndpointObservation s = session.get();
                Optional<Boolean> relay = SmtpChecks.relayAccepted(s);
                if (relay.orElse(false)) {
                    relayAccepted = relay;
                } else if (relay.isPresent() && relayAccepted.isEmpty()) {
                    relayAccepted = relay;
                }
                if (banner.isEmpty()) {
                    banner = s.greeting()
                            .filter(g -> !g.lines().isEmpty())
                            .map(g -> g.lines().getFirst())
                            .filter(l -> l.startsWith("220"));
                    ptrName = ptrName(t, s, ptr);
                }
                versions.addAll(acceptedVersions(s));
                Optional<Boolean> vrfy = SmtpChecks.vrfyEnumerable(s);
                if (vrfy.orElse(false) || vrfyEnumerable.isEmpty()) {
                    vrfyEnumerable = vrfy;
                }
            }
            if (!any) {
                return;
            }
            out.put(
                    host,
                    new Server(
                            relayAccepted,
                            banner,
                            ptrName,
                            versions,
                            dane,
                            probedPorts.containsAll(SMTP_PORTS) ? Optional.of(answered) : Optional.empty(),
                            vrfyEnumerable));
        });
        return out;
    }

    /**
     * The DKIM keys of the domain in DNS, per selector queried, as the {@code dkim} family judges
     * them ({@link DkimCheck#keyStates}); empty when the family did not observe.
     */
    public static Optional<DkimKeys> dkimKeys(DomainObservation observation) {
        return observation.observation("dkim", DkimObservation.class).map(d -> {
            Map<String, DkimKeyState> states = new LinkedHashMap<>();
            DkimCheck.keyStates(d).forEach((selector, state) -> states.put(selector.toLowerCase(Locale.ROOT), state));
            return new DkimKeys(d.domain().toLowerCase(Locale.ROOT).replaceFirst("\\.$", ""), states);
        });
    }

    /** The SMTP port an endpoint stands for: 25 for an MX endpoint (labs probe another port). */
    private static Optional<Integer> smtpPort(EndpointsObservation.ProbedTarget t) {
        return switch (t.endpoint().protocol()) {
            case SMTP -> Optional.of(t.isMx() ? 25 : t.endpoint().port());
            case SUBMISSION, SUBMISSIONS -> Optional.of(t.endpoint().port());
            default -> Optional.empty();
        };
    }

    /**
     * Whether the MX hosts publish TLSA records: present as soon as one host's are DNSSEC-secure;
     * absent when some host has none or only insecure ones; unknown when the answers were bogus or
     * failed (or there is no MX host).
     */
    private static Optional<Boolean> domainDane(DaneObservation d) {
        Optional<Boolean> seen = Optional.empty();
        for (DaneObservation.Host h : d.hosts()) {
            DnsAnswer tlsa = h.tlsa();
            if (tlsa.dnssec() == DnssecStatus.BOGUS || tlsa.isFailure()) {
                continue;
            }
            if (!tlsa.recordsOf(TLSARecord.class).isEmpty() && tlsa.dnssec() == DnssecStatus.SECURE) {
                return Optional.of(true);
            }
            seen = Optional.of(false);
        }
        return seen;
    }

    /**
     * The PTR name of the address the MX endpoint was probed at: the {@code ptr} family's lookup of
     * that address, else the one the probe family made.
     */
    private static Optional<String> ptrName(
            EndpointsObservation.ProbedTarget t, EndpointObservation s, Optional<PtrObservation> ptr) {
        if (s.address().isEmpty()) {
            return Optional.empty();
        }
        String address = s.address().get();
        Optional<PtrObservation.Address> lookup = ptr.flatMap(p -> p.addresses().stream()
                        .filter(a -> sameAddress(a.address(), address))
                        .findFirst())
                .or(t::ptr);
        return lookup.flatMap(a -> a.names().stream().findFirst())
                .map(n -> n.toLowerCase(Locale.ROOT).replaceFirst("\\.$", ""));
    }

    /** TLS versions accepted, in Postfix's names ({@code TLSv1} is TLS 1.0). */
    private static Set<String> acceptedVersions(EndpointObservation s) {
        Set<String> out = new TreeSet<>();
        for (TlsVersionResult v : s.versions()) {
            if (v.outcome() == TlsVersionResult.Outcome.ACCEPTED) {
                String l = v.version().label();
                out.add(l.equals("TLSv1.0") ? "TLSv1" : l);
            }
        }
        return out;
    }

    /** An observed session's address (text, either IPv6 form) is the PTR lookup's address. */
    private static boolean sameAddress(InetAddress looked, String sessionAddress) {
        try {
            return looked.equals(InetAddress.ofLiteral(sessionAddress));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
