package dev.mailward.dns;

import java.time.Instant;

/**
 * The shared, thread-safe resolver. Every name Mailward resolves goes through it, never through
 * the JVM's resolver, so that private labs work and every answer carries a DNSSEC status.
 */
public interface Dns {

    /**
     * Asks one question, without a budget (for inventory discovery and tools). Never throws for
     * network or protocol trouble: that is reported in {@link DnsAnswer#outcome()}.
     *
     * @param name a domain name, absolute or relative to the root (a trailing dot is optional)
     * @param type a dnsjava type constant, e.g. {@code org.xbill.DNS.Type.MX}
     */
    DnsAnswer lookup(String name, int type);

    /**
     * A budgeted view for one check run: at most {@code maxQueries} queries that go beyond the
     * cache, none after {@code deadline}; every answer is kept as evidence in order.
     */
    DnsSession session(int maxQueries, Instant deadline);
}
