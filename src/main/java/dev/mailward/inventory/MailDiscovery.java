package dev.mailward.inventory;

import dev.mailward.dns.DomainName;
import dev.mailward.dns.InvalidDomainNameException;
import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Finds the mail servers of a domain in the DNS: MX (with null MX and implicit MX), the address
 * of every host, and the RFC 6186/8314 SRV records of submission, IMAP, POP3 and ManageSieve.
 * Network I/O only through {@link Dns}; never throws for DNS trouble, which becomes
 * {@link DiscoveryStatus#FAILED} with the reason.
 */
final class MailDiscovery {

    /** Bounds what hostile zones can make us do. */
    static final int MAX_MX = 20;
    static final int MAX_SRV_PER_SERVICE = 10;

    private final Dns dns;

    MailDiscovery(Dns dns) {
        this.dns = dns;
    }

    /** One host found, in one role. */
    record Host(String hostname, EndpointRole role, int port, int preference, List<InetAddress> addresses,
            boolean addressesKnown) {
    }

    /** What discovery saw. */
    record Outcome(DiscoveryStatus status, List<Host> hosts, List<String> notes) {

        boolean nullMx() {
            return status == DiscoveryStatus.NULL_MX;
        }

        String message() {
            return String.join("\n", notes);
        }
    }

    Outcome discover(DomainName domain) {
        List<String> notes = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        DiscoveryStatus status = discoverMx(domain, hosts, notes);
        if (status != DiscoveryStatus.FAILED && status != DiscoveryStatus.NO_MAIL) {
            discoverSrv(domain, hosts, notes);
        }
        return new Outcome(status, hosts, notes);
    }

    private DiscoveryStatus discoverMx(DomainName domain, List<Host> hosts, List<String> notes) {
        DnsAnswer mx = dns.lookup(domain.ascii(), Type.MX);
        if (mx.isFailure()) {
            notes.add("MX lookup for " + domain.ascii() + " failed: " + describe(mx));
            return DiscoveryStatus.FAILED;
        }
        if (mx.outcome() == DnsOutcome.NXDOMAIN) {
            notes.add("The name " + domain.ascii() + " does not exist (NXDOMAIN).");
            return DiscoveryStatus.NO_MAIL;
        }
        if (mx.outcome() == DnsOutcome.NODATA) {
            // RFC 5321 §5.1: without MX records the domain itself is the implicit MX
            List<InetAddress> own = new ArrayList<>();
            boolean known = resolve(domain.ascii(), own, notes);
            if (!known && own.isEmpty()) {
                notes.add("No MX records; the address lookup for the implicit MX failed.");
                return DiscoveryStatus.FAILED;
            }
            if (own.isEmpty()) {
                notes.add("No MX records and no A/AAAA records: the domain cannot receive mail.");
                return DiscoveryStatus.NO_MAIL;
            }
            notes.add("No MX records: mail is delivered to the domain's own addresses (implicit MX, RFC 5321 §5.1).");
            hosts.add(new Host(domain.ascii(), EndpointRole.MX, 25, 0, own, known));
            return DiscoveryStatus.IMPLICIT_MX;
        }
        List<MXRecord> records = new ArrayList<>(mx.recordsOf(MXRecord.class));
        records.sort(Comparator.comparingInt(MXRecord::getPriority).thenComparing(r -> r.getTarget().toString()));
        boolean hasNullMx = records.stream().anyMatch(r -> r.getTarget().equals(Name.root));
        if (hasNullMx && records.size() == 1) {
            notes.add("Null MX (RFC 7505): the domain accepts no mail.");
            return DiscoveryStatus.NULL_MX;
        }
        if (hasNullMx) {
            notes.add("A null MX is published together with other MX records; RFC 7505 §3 says it must stand alone."
                    + " The other MX records are used.");
        }
        if (records.size() > MAX_MX) {
            notes.add(records.size() + " MX records; only the first " + MAX_MX + " are recorded.");
            records = records.subList(0, MAX_MX);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (MXRecord r : records) {
            if (r.getTarget().equals(Name.root)) {
                continue;
            }
            String target = r.getTarget().toString(true).toLowerCase(java.util.Locale.ROOT);
            addHost(target, EndpointRole.MX, 25, r.getPriority(), "MX", hosts, notes, seen);
        }
        return hosts.isEmpty() ? DiscoveryStatus.NO_MAIL : DiscoveryStatus.MX_FOUND;
    }

    private void discoverSrv(DomainName domain, List<Host> hosts, List<String> notes) {
        // the seven SRV questions do not depend on each other: ask them at once so that a slow
        // resolver costs one timeout, not seven
        Map<EndpointRole, Future<DnsAnswer>> answers = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (EndpointRole role : EndpointRole.values()) {
                role.srvLabel().ifPresent(label ->
                        answers.put(role, pool.submit(() -> dns.lookup(label + "." + domain.ascii(), Type.SRV))));
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<EndpointRole, Future<DnsAnswer>> e : answers.entrySet()) {
            EndpointRole role = e.getKey();
            DnsAnswer answer;
            try {
                answer = e.getValue().get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                notes.add("Discovery was interrupted.");
                return;
            } catch (ExecutionException ex) {
                notes.add("SRV lookup " + answer(role, domain) + " failed: " + ex.getCause());
                continue;
            }
            if (answer.isFailure()) {
                notes.add("SRV lookup " + answer(role, domain) + " failed: " + describe(answer));
                continue;
            }
            List<SRVRecord> srv = answer.recordsOf(SRVRecord.class).stream()
                    .sorted(Comparator.comparingInt(SRVRecord::getPriority))
                    .limit(MAX_SRV_PER_SERVICE)
                    .toList();
            for (SRVRecord r : srv) {
                if (r.getTarget().equals(Name.root)) {
                    // RFC 2782/6186 §3.4: a target of "." says the service is decidedly not offered
                    notes.add(answer(role, domain) + " says the service is not offered (target \".\").");
                    continue;
                }
                String target = r.getTarget().toString(true).toLowerCase(java.util.Locale.ROOT);
                if (r.getPort() < 1) {
                    notes.add(answer(role, domain) + " names port 0 for " + target + "; ignored.");
                    continue;
                }
                addHost(target, role, r.getPort(), r.getPriority(), "SRV " + answer(role, domain), hosts, notes,
                        seen);
            }
        }
    }

    private static String answer(EndpointRole role, DomainName domain) {
        return role.srvLabel().orElse("") + "." + domain.ascii();
    }

    private void addHost(String target, EndpointRole role, int port, int preference, String via, List<Host> hosts,
            List<String> notes, Set<String> seen) {
        if (!seen.add(role + " " + target + " " + port)) {
            return;
        }
        DomainName host;
        try {
            host = DomainName.parse(target);
        } catch (InvalidDomainNameException e) {
            if (e.problem() == DomainName.Problem.IP_LITERAL || e.problem() == DomainName.Problem.NUMERIC_TLD) {
                notes.add(via + " target " + target + " is an IP address, not a host name (RFC 5321 §5.1"
                        + " requires a name); it is not recorded.");
            } else {
                notes.add(via + " target " + target + " is not a usable host name: " + e.getMessage());
            }
            return;
        }
        List<InetAddress> addresses = new ArrayList<>();
        boolean known = resolve(host.ascii(), addresses, notes);
        if (known && addresses.isEmpty()) {
            notes.add(via + " target " + host.ascii() + " has no A or AAAA records.");
        }
        hosts.add(new Host(host.ascii(), role, port, preference, addresses, known));
    }

    /**
     * Resolves A and AAAA into {@code out}.
     *
     * @return whether both lookups gave an answer (false: at least one failed, noted)
     */
    private boolean resolve(String name, List<InetAddress> out, List<String> notes) {
        boolean known = true;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            DnsAnswer a = dns.lookup(name, type);
            if (a.isFailure()) {
                notes.add(Type.string(type) + " lookup for " + name + " failed: " + describe(a));
                known = false;
                continue;
            }
            if (!a.cnameChain().isEmpty()) {
                // RFC 5321 §5.1 / RFC 2181 §10.3: an MX or SRV target must not be an alias
                String note = name + " is an alias (CNAME); MX and SRV targets should name the host directly.";
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            }
            for (InetAddress addr : a.addresses()) {
                if (!out.contains(addr)) {
                    out.add(addr);
                }
            }
        }
        return known;
    }

    /** RFC 5952 text: lower case, longest run of zero groups as "::". */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        String[] groups = address.getHostAddress().replaceAll("%.*$", "").split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }

    static String family(InetAddress address) {
        return address instanceof Inet6Address ? "IPV6" : "IPV4";
    }

    private static String describe(DnsAnswer a) {
        return a.outcome() + a.error().map(e -> " (" + e + ")").orElse("");
    }
}
