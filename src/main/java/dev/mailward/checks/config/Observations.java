package dev.mailward.checks.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What outside-in probes saw of the server whose configuration was uploaded, for
 * {@link ConfigCorrelation}. Every part is optional: feed what was measured.
 *
 * @param relayAccepted whether the relay probe's RCPT to a foreign domain was accepted
 * @param banner the SMTP 220 greeting text seen on port 25
 * @param ptrName the PTR name of the server's address (no trailing dot)
 * @param tlsVersionsSeen TLS versions the server negotiated on port 25, e.g. {@code TLSv1}
 * @param domainDanePresent whether the domain's MX hosts publish DNSSEC-secure TLSA records
 * @param openPorts SMTP ports seen answering (25, 465, 587)
 */
public record Observations(Optional<Boolean> relayAccepted, Optional<String> banner, Optional<String> ptrName,
        Set<String> tlsVersionsSeen, Optional<Boolean> domainDanePresent, Optional<Set<Integer>> openPorts) {

    public Observations {
        Objects.requireNonNull(relayAccepted);
        Objects.requireNonNull(banner);
        Objects.requireNonNull(ptrName);
        tlsVersionsSeen = Set.copyOf(tlsVersionsSeen);
        Objects.requireNonNull(domainDanePresent);
        openPorts = openPorts.map(Set::copyOf);
    }

    public static Observations none() {
        return new Observations(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), Optional.empty(),
                Optional.empty());
    }

    public Observations withRelayAccepted(boolean accepted) {
        return new Observations(Optional.of(accepted), banner, ptrName, tlsVersionsSeen, domainDanePresent, openPorts);
    }

    public Observations withBanner(String text) {
        return new Observations(relayAccepted, Optional.of(text), ptrName, tlsVersionsSeen, domainDanePresent, openPorts);
    }

    public Observations withPtrName(String name) {
        return new Observations(relayAccepted, banner, Optional.of(name), tlsVersionsSeen, domainDanePresent, openPorts);
    }

    public Observations withTlsVersionsSeen(Set<String> versions) {
        return new Observations(relayAccepted, banner, ptrName, versions, domainDanePresent, openPorts);
    }

    public Observations withDomainDanePresent(boolean present) {
        return new Observations(relayAccepted, banner, ptrName, tlsVersionsSeen, Optional.of(present), openPorts);
    }

    public Observations withOpenPorts(Set<Integer> ports) {
        return new Observations(relayAccepted, banner, ptrName, tlsVersionsSeen, domainDanePresent, Optional.of(ports));
    }
}
