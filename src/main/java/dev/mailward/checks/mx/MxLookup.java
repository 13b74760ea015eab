package dev.mailward.checks.mx;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * The MX set of a domain and the addresses of its hosts, shared by every family that needs the
 * mail servers (mx, dnssec, ptr, blocklist, dane, probes). Bounded: at most {@link #MAX_HOSTS}
 * hosts are resolved (CHECKS.md "mx": at most 10 MX hosts are probed, the rest are listed).
 */
public final class MxLookup {

    /** Hosts resolved and probed at most; the rest are only listed. */
    public static final int MAX_HOSTS = 10;

    /** How the MX question was answered. */
    public enum Kind {
        /** One or more MX records naming hosts. */
        MX,
        /** Exactly the null MX {@code 0 .}: the domain accepts no mail (RFC 7505). */
        NULL_MX,
        /** A null MX beside other MX records (RFC 7505 §3: SHOULD NOT). */
        NULL_MX_WITH_OTHERS,
        /** No MX records: implicit MX via the domain's own A/AAAA (RFC 5321 §5.1). */
        NONE,
        /** The domain does not exist. */
        NXDOMAIN,
        /** The lookup failed (timeout, SERVFAIL, ...): nothing can be said. */
        FAILED
    }

    /**
     * One mail host.
     *
     * @param preference MX preference (0 for an implicit MX)
     * @param host the host name, lower case, without trailing dot
     * @param addresses its A and AAAA addresses (empty when none or when lookups failed)
     * @param ipv4 A lookup answer
     * @param ipv6 AAAA lookup answer
     * @param cname whether the name is an alias (RFC 5321 §5.1: MX targets must not be CNAMEs)
     * @param ipLiteral whether the MX target is written like an IP address
     */
    public record Host(int preference, String host, List<InetAddress> addresses, Optional<DnsAnswer> ipv4,
            Optional<DnsAnswer> ipv6, boolean cname, boolean ipLiteral) {

        public boolean hasIpv6() {
            return addresses.stream().anyMatch(a -> a instanceof java.net.Inet6Address);
        }

        /** True when an address lookup failed (so "no address" cannot be concluded). */
        public boolean lookupFailed() {
            return ipv4.map(DnsAnswer::isFailure).orElse(false) || ipv6.map(DnsAnswer::isFailure).orElse(false);
        }
    }

    /**
     * The result.
     *
     * @param kind how the MX question was answered
     * @param mxAnswer the MX answer
     * @param hosts hosts resolved (at most {@link #MAX_HOSTS}), by preference
     * @param notResolved hosts beyond the limit, listed only
     */
    public record Result(Kind kind, DnsAnswer mxAnswer, List<Host> hosts, List<String> notResolved) {

        /** Every distinct address of the resolved hosts, in host order. */
        public List<InetAddress> addresses() {
            java.util.Set<InetAddress> out = new java.util.LinkedHashSet<>();
            hosts.forEach(h -> out.addAll(h.addresses()));
            return List.copyOf(out);
        }
    }

    private MxLookup() {
    }

    /** Looks up the MX set of {@code domain} and the addresses of up to {@link #MAX_HOSTS} hosts. */
    public static Result resolve(DnsSession dns, String domain) {
        DnsAnswer mx = dns.lookup(domain, Type.MX);
        if (mx.outcome() == DnsOutcome.NXDOMAIN) {
            return new Result(Kind.NXDOMAIN, mx, List.of(), List.of());
        }
        if (mx.isFailure()) {
            return new Result(Kind.FAILED, mx, List.of(), List.of());
        }
        List<MXRecord> records = new ArrayList<>(mx.recordsOf(MXRecord.class));
        if (records.isEmpty()) {
            Host implicit = resolveHost(dns, 0, domain);
            return new Result(Kind.NONE, mx, implicit.addresses().isEmpty() && !implicit.lookupFailed()
                    ? List.of() : List.of(implicit), List.of());
        }
        // Targets printed once, not on every comparison.
        Map<MXRecord, String> targets = new IdentityHashMap<>();
        for (MXRecord r : records) {
            targets.put(r, r.getTarget().toString());
        }
        records.sort(Comparator.comparingInt(MXRecord::getPriority).thenComparing(targets::get));
        boolean hasNull = records.stream().anyMatch(r -> r.getTarget().equals(org.xbill.DNS.Name.root));
        if (hasNull && records.size() == 1) {
            return new Result(Kind.NULL_MX, mx, List.of(), List.of());
        }
        List<Host> hosts = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MXRecord r : records) {
            if (r.getTarget().equals(org.xbill.DNS.Name.root)) {
                continue;
            }
            String name = hostName(targets.get(r));
            if (!seen.add(name)) {
                continue;
            }
            if (hosts.size() < MAX_HOSTS) {
                hosts.add(resolveHost(dns, r.getPriority(), name));
            } else {
                rest.add(name);
            }
        }
        return new Result(hasNull ? Kind.NULL_MX_WITH_OTHERS : Kind.MX, mx, hosts, rest);
    }

    private static Host resolveHost(DnsSession dns, int preference, String name) {
        boolean literal = looksLikeIpLiteral(name);
        DnsAnswer a = dns.lookup(name, Type.A);
        DnsAnswer aaaa = dns.lookup(name, Type.AAAA);
        List<InetAddress> addresses = new ArrayList<>(a.addresses());
        addresses.addAll(aaaa.addresses());
        boolean cname = !a.cnameChain().isEmpty() || !aaaa.cnameChain().isEmpty();
        return new Host(preference, name, List.copyOf(addresses), Optional.of(a), Optional.of(aaaa), cname, literal);
    }

    static String hostName(String absolute) {
        String n = absolute.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}\\]?");

    /** {@code 192.0.2.1} or {@code [192.0.2.1]} written as an MX target (RFC 5321 §5.1 forbids it). */
    static boolean looksLikeIpLiteral(String name) {
        String n = name.startsWith("[") ? name.substring(1) : name;
        return IPV4_LITERAL.matcher(n).matches() || n.contains(":");
    }
}
