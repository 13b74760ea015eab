package dev.mailward.checks.rdns;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.PTRRecord;

/**
 * What the ptr check saw for one domain: the reverse DNS of every MX address.
 *
 * @param domain the checked domain (A-label)
 * @param addresses one observation per MX address, in MX order
 */
public record PtrObservation(String domain, List<Address> addresses) implements Observation {

    public PtrObservation {
        addresses = List.copyOf(addresses);
    }

    /**
     * The reverse DNS of one address: its PTR answer and the forward lookups of the PTR names, as
     * far as forward-confirming it needed. Observed once per domain run and handed on typed (the
     * banner comparison of the {@code endpoints} family takes {@link #names()} from here).
     *
     * @param address the address
     * @param started when its lookups started (its result's {@code checkedAt})
     * @param elapsed how long they took
     * @param dns the PTR answer first, then the forward (A or AAAA) answers, in order, as the evidence lists
     *     them ({@link Evidence#distinct})
     */
    public record Address(InetAddress address, Instant started, Duration elapsed, List<DnsAnswer> dns) {

        public Address {
            dns = Evidence.distinct(dns);
        }

        /** The PTR answer, when it was looked up. */
        public Optional<DnsAnswer> ptr() {
            return dns.isEmpty() ? Optional.empty() : Optional.of(dns.getFirst());
        }

        /** The PTR names found, without the trailing dot, as published; empty when there is none. */
        public List<String> names() {
            return ptr().map(p -> p.recordsOf(PTRRecord.class).stream()
                            .map(r -> PtrCheck.strip(r.getTarget().toString()))
                            .toList())
                    .orElse(List.of());
        }
    }
}
