package dev.mailward.configaudit;

import java.util.Map;
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
 * @param dkim the DKIM keys in DNS of one domain the server sends for, per selector queried
 * @param vrfyEnumerable whether VRFY on port 25 answered an existing mailbox otherwise than a random
 *     address (address enumeration)
 */
public record Observations(
        Optional<Boolean> relayAccepted,
        Optional<String> banner,
        Optional<String> ptrName,
        Set<String> tlsVersionsSeen,
        Optional<Boolean> domainDanePresent,
        Optional<Set<Integer>> openPorts,
        Optional<DkimKeys> dkim,
        Optional<Boolean> vrfyEnumerable) {

    /** What a DNS lookup of a DKIM selector showed. */
    public enum KeyState {
        /** A key a verifier accepts (RSA of 1024 bits or more, Ed25519). */
        USABLE,
        /** No key record at the selector. */
        MISSING,
        /** The key is revoked (empty {@code p=}). */
        REVOKED,
        /** The record does not parse, is too weak (RSA below 1024 bits) or is not for e-mail. */
        UNUSABLE
    }

    /**
     * The DKIM keys of {@code domain} in DNS, by selector (lower case).
     *
     * @param domain the domain (A-label, no trailing dot)
     * @param selectors what each selector queried showed; selectors whose lookup failed are left out
     */
    public record DkimKeys(String domain, Map<String, KeyState> selectors) {
        public DkimKeys {
            Objects.requireNonNull(domain);
            selectors = Map.copyOf(selectors);
        }
    }

    public Observations {
        Objects.requireNonNull(relayAccepted);
        Objects.requireNonNull(banner);
        Objects.requireNonNull(ptrName);
        tlsVersionsSeen = Set.copyOf(tlsVersionsSeen);
        Objects.requireNonNull(domainDanePresent);
        openPorts = openPorts.map(Set::copyOf);
        Objects.requireNonNull(dkim);
        vrfyEnumerable = vrfyEnumerable == null ? Optional.empty() : vrfyEnumerable;
    }

    /** As the canonical constructor without DKIM keys. */
    public Observations(
            Optional<Boolean> relayAccepted,
            Optional<String> banner,
            Optional<String> ptrName,
            Set<String> tlsVersionsSeen,
            Optional<Boolean> domainDanePresent,
            Optional<Set<Integer>> openPorts) {
        this(
                relayAccepted,
                banner,
                ptrName,
                tlsVersionsSeen,
                domainDanePresent,
                openPorts,
                Optional.empty(),
                Optional.empty());
    }

    public static Observations none() {
        return new Observations(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public Observations withRelayAccepted(boolean accepted) {
        return new Observations(
                Optional.of(accepted),
                banner,
                ptrName,
                tlsVersionsSeen,
                domainDanePresent,
                openPorts,
                dkim,
                vrfyEnumerable);
    }

    public Observations withBanner(String text) {
        return new Observations(
                relayAccepted,
                Optional.of(text),
                ptrName,
                tlsVersionsSeen,
                domainDanePresent,
                openPorts,
                dkim,
                vrfyEnumerable);
    }

    public Observations withPtrName(String name) {
        return new Observations(
                relayAccepted,
                banner,
                Optional.of(name),
                tlsVersionsSeen,
                domainDanePresent,
                openPorts,
                dkim,
                vrfyEnumerable);
    }

    public Observations withTlsVersionsSeen(Set<String> versions) {
        return new Observations(
                relayAccepted, banner, ptrName, versions, domainDanePresent, openPorts, dkim, vrfyEnumerable);
    }

    public Observations withDomainDanePresent(boolean present) {
        return new Observations(
                relayAccepted, banner, ptrName, tlsVersionsSeen, Optional.of(present), openPorts, dkim, vrfyEnumerable);
    }

    public Observations withOpenPorts(Set<Integer> ports) {
        return new Observations(
                relayAccepted,
                banner,
                ptrName,
                tlsVersionsSeen,
                domainDanePresent,
                Optional.of(ports),
                dkim,
                vrfyEnumerable);
    }

    public Observations withDkim(DkimKeys keys) {
        return new Observations(
                relayAccepted,
                banner,
                ptrName,
                tlsVersionsSeen,
                domainDanePresent,
                openPorts,
                Optional.of(keys),
                vrfyEnumerable);
    }

    public Observations withVrfyEnumerable(boolean enumerable) {
        return new Observations(
                relayAccepted,
                banner,
                ptrName,
                tlsVersionsSeen,
                domainDanePresent,
                openPorts,
                dkim,
                Optional.of(enumerable));
    }
}
