package dev.mailward.checks.blocklist;

import dev.mailward.checks.Evidence;
import dev.mailward.checks.Observation;
import dev.mailward.dns.DnsAnswer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the blocklist check saw for one domain: the DNSBL answers for every MX address.
 *
 * @param domain the checked domain (A-label)
 * @param zones the DNSBL zones queried, in order (none: the check is off)
 * @param addresses one observation per MX address, in MX order
 */
public record BlocklistObservation(String domain, List<String> zones, List<Address> addresses) implements Observation {

    public BlocklistObservation {
        zones = List.copyOf(zones);
        addresses = List.copyOf(addresses);
    }

    /**
     * The DNSBL answers for one address.
     *
     * @param address the address
     * @param started when its queries started (its result's {@code checkedAt})
     * @param elapsed how long they took
     * @param dns per zone the A answer and, for a listing, the TXT answer, in order, as the evidence lists
     *     them ({@link Evidence#distinct})
     */
    public record Address(InetAddress address, Instant started, Duration elapsed, List<DnsAnswer> dns) {
        public Address {
            dns = Evidence.distinct(dns);
        }
    }
}
