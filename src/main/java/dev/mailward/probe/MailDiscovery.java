package dev.mailward.probe;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * The one discovery of a domain's mail servers in the DNS, used by onboarding ({@code inventory})
 * and by every check family that needs the mail servers ({@code checks}: mx, ptr, dnssec,
 * blocklist, dane, the endpoint probes): the MX set with the addresses of its hosts (null MX,
 * RFC 7505; implicit MX, RFC 5321 §5.1), and the SRV services of {@link Protocol} (RFC 6186,
 * RFC 8314, RFC 5804) with the addresses of their targets. It observes and judges nothing: what a
 * record means is the caller's business (a check's finding, onboarding's note).
 *
 * <p>One bound, {@link #MAX_HOSTS_PER_SERVICE}: at most 10 hosts per service are resolved, for the MX
 * set (distinct host names by preference; the rest are listed in {@link MxSet#notResolved()}) and for
 * each SRV service (records by priority). Network I/O only through the {@link DnsSession} handed in,
 * under its budget and deadline; never throws for DNS data. Stateless.
 */
public final class MailDiscovery {

    /**
     * Hosts resolved per service at most: MX hosts (CHECKS.md "mx": at most 10 MX hosts are probed,
     * the rest are listed) and the targets of each SRV service.
     */
    public static final int MAX_HOSTS_PER_SERVICE = 10;

    /** The SRV services asked, in {@link Protocol} order. */
    public static final List<Protocol> SRV_PROTOCOLS = Arrays.stream(Protocol.values())
            .filter(p -> p.srvService().isPresent())
            .toList();

    /** Queries {@link #mx} and {@link #srv} together send at most (an A and an AAAA per host). */
    public static final int MAX_QUERIES =
            1 + 2 * MAX_HOSTS_PER_SERVICE + SRV_PROTOCOLS.size() * (1 + 2 * MAX_HOSTS_PER_SERVICE);

    /** How the MX question was answered. */
    public enum MxKind {
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
     * One host with its addresses.
     *
     * @param preference MX preference or SRV priority (0 for an implicit MX)
     * @param host the host name, lower case, without trailing dot
     * @param addresses its A and AAAA addresses (empty when none or when lookups failed)
     * @param ipv4 the A answer
     * @param ipv6 the AAAA answer
     * @param cname whether the name is an alias (RFC 5321 §5.1, RFC 2782: MX and SRV targets must not be)
     * @param ipLiteral whether the target is written like an IP address
     */
    public record Host(
            int preference,
            String host,
            List<InetAddress> addresses,
            Optional<DnsAnswer> ipv4,
            Optional<DnsAnswer> ipv6,
            boolean cname,
            boolean ipLiteral) {

        public Host {
            addresses = List.copyOf(addresses);
        }

        public boolean hasIpv6() {
            return addresses.stream().anyMatch(a -> a instanceof Inet6Address);
        }

        /** True when an address lookup failed (so "no address" cannot be concluded). */
        public boolean lookupFailed() {
            return ipv4.map(DnsAnswer::isFailure).orElse(false)
                    || ipv6.map(DnsAnswer::isFailure).orElse(false);
        }

        /** The A and AAAA answers, in the order they were asked. */
        public List<DnsAnswer> addressAnswers() {
            List<DnsAnswer> out = new ArrayList<>(2);
            ipv4.ifPresent(out::add);
            ipv6.ifPresent(out::add);
            return out;
        }
    }

    /**
     * The MX set.
     *
     * @param kind how the MX question was answered
     * @param mxAnswer the MX answer
     * @param hosts hosts resolved (at most {@link #MAX_HOSTS_PER_SERVICE}), by preference then name;
     *     for {@link MxKind#NONE} the domain itself, when it has addresses or their lookup failed
     * @param notResolved distinct host names beyond the bound, listed only
     */
    public record MxSet(MxKind kind, DnsAnswer mxAnswer, List<Host> hosts, List<String> notResolved) {

        public MxSet {
            hosts = List.copyOf(hosts);
            notResolved = List.copyOf(notResolved);
        }

        /** Every distinct address of the resolved hosts, in host order. */
        public List<InetAddress> addresses() {
            Set<InetAddress> out = new LinkedHashSet<>();
            hosts.forEach(h -> out.addAll(h.addresses()));
            return List.copyOf(out);
        }
    }

    /**
     * One SRV record of a service, within the bound.
     *
     * @param targetName the target's host name, lower case, without trailing dot; empty for {@code "."}
     * @param port the port it names (0: the record is unusable)
     * @param target the target with its addresses; empty for the target {@code "."} (RFC 2782,
     *     RFC 6186 §4: the service is decidedly not offered) and for port 0, which are not resolved
     * @param priority the record's priority
     */
    public record SrvRecord(String targetName, int port, int priority, Optional<Host> target) {

        /** Whether the target is {@code "."}: the service is not offered. */
        public boolean notOffered() {
            return targetName.isEmpty();
        }
    }

    /**
     * One SRV service of the domain.
     *
     * @param protocol the protocol it announces
     * @param owner the owner name asked, e.g. {@code _imaps._tcp.example.org}
     * @param answer the SRV answer
     * @param records its records by priority, at most {@link #MAX_HOSTS_PER_SERVICE}, one per target
     *     and port
     */
    public record SrvService(Protocol protocol, String owner, DnsAnswer answer, List<SrvRecord> records) {

        public SrvService {
            records = List.copyOf(records);
        }
    }

    private MailDiscovery() {}

    /** The MX set of {@code domain} (an A-label) and the addresses of up to 10 of its hosts. */
    public static MxSet mx(DnsSession dns, String domain) {
        DnsAnswer mx = dns.lookup(domain, Type.MX);
        if (mx.outcome() == DnsOutcome.NXDOMAIN) {
            return new MxSet(MxKind.NXDOMAIN, mx, List.of(), List.of());
        }
        if (mx.isFailure()) {
            return new MxSet(MxKind.FAILED, mx, List.of(), List.of());
        }
        List<MXRecord> records = new ArrayList<>(mx.recordsOf(MXRecord.class));
        if (records.isEmpty()) {
            Host implicit = resolve(dns, 0, domain);
            return new MxSet(
                    MxKind.NONE,
                    mx,
                    implicit.addresses().isEmpty() && !implicit.lookupFailed() ? List.of() : List.of(implicit),
                    List.of());
        }
        // Targets printed once, not on every comparison.
        Map<MXRecord, String> targets = new IdentityHashMap<>();
        for (MXRecord r : records) {
            targets.put(r, r.getTarget().toString());
        }
        records.sort(Comparator.comparingInt(MXRecord::getPriority).thenComparing(targets::get));
        boolean hasNull = records.stream().anyMatch(r -> r.getTarget().equals(Name.root));
        if (hasNull && records.size() == 1) {
            return new MxSet(MxKind.NULL_MX, mx, List.of(), List.of());
        }
        List<Host> hosts = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MXRecord r : records) {
            if (r.getTarget().equals(Name.root)) {
                continue;
            }
            String name = hostName(targets.get(r));
            if (!seen.add(name)) {
                continue;
            }
            if (hosts.size() < MAX_HOSTS_PER_SERVICE) {
                hosts.add(resolve(dns, r.getPriority(), name));
            } else {
                rest.add(name);
            }
        }
        return new MxSet(hasNull ? MxKind.NULL_MX_WITH_OTHERS : MxKind.MX, mx, hosts, rest);
    }

    /**
     * The SRV services of {@code domain} (an A-label), in {@link #SRV_PROTOCOLS} order. The seven
     * questions are independent and asked at once ({@link DnsSession#lookupAll}), so a slow resolver
     * costs one timeout, not seven; then the targets are resolved, service by service.
     */
    public static List<SrvService> srv(DnsSession dns, String domain) {
        List<String> owners = SRV_PROTOCOLS.stream()
                .map(p -> p.srvService().orElseThrow() + "." + domain)
                .toList();
        List<DnsAnswer> answers = dns.lookupAll(owners, Type.SRV);
        List<SrvService> out = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            DnsAnswer answer = answers.get(i);
            List<SrvRecord> records = new ArrayList<>();
            if (!answer.isFailure()) {
                Set<String> seen = new HashSet<>();
                // RFC 2782: lower priority first; records of one priority stay in the answer's order
                List<SRVRecord> srv = answer.recordsOf(SRVRecord.class).stream()
                        .sorted(Comparator.comparingInt(SRVRecord::getPriority))
                        .limit(MAX_HOSTS_PER_SERVICE)
                        .toList();
                for (SRVRecord r : srv) {
                    String name = r.getTarget().equals(Name.root)
                            ? ""
                            : hostName(r.getTarget().toString());
                    if (!seen.add(name + " " + r.getPort())) {
                        continue;
                    }
                    Optional<Host> target = name.isEmpty() || r.getPort() < 1
                            ? Optional.empty()
                            : Optional.of(resolve(dns, r.getPriority(), name));
                    records.add(new SrvRecord(name, r.getPort(), r.getPriority(), target));
                }
            }
            out.add(new SrvService(SRV_PROTOCOLS.get(i), owners.get(i), answer, records));
        }
        return out;
    }

    private static Host resolve(DnsSession dns, int preference, String name) {
        boolean literal = looksLikeIpLiteral(name);
        DnsAnswer a = dns.lookup(name, Type.A);
        DnsAnswer aaaa = dns.lookup(name, Type.AAAA);
        List<InetAddress> addresses = new ArrayList<>(a.addresses());
        addresses.addAll(aaaa.addresses());
        boolean cname = !a.cnameChain().isEmpty() || !aaaa.cnameChain().isEmpty();
        return new Host(preference, name, addresses, Optional.of(a), Optional.of(aaaa), cname, literal);
    }

    /** A host name as found in a record: lower case, without the trailing dot. */
    static String hostName(String absolute) {
        String n = absolute.toLowerCase(Locale.ROOT);
        return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}\\]?");

    /** {@code 192.0.2.1} or {@code [192.0.2.1]} written as an MX target (RFC 5321 §5.1 forbids it). */
    static boolean looksLikeIpLiteral(String name) {
        String n = name.startsWith("[") ? name.substring(1) : name;
        return IPV4_LITERAL.matcher(n).matches() || n.contains(":");
    }
}
