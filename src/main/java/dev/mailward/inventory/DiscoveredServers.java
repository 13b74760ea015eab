package dev.mailward.inventory;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.dns.DomainName;
import dev.mailward.dns.InvalidDomainNameException;
import dev.mailward.probe.MailDiscovery;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Onboarding's reading of the one discovery ({@link MailDiscovery}): which mail servers to record
 * for a domain, in which role, and the notes shown to the operator. MX (with null MX and implicit
 * MX), the address of every host, and the SRV records of submission, IMAP, POP3 and ManageSieve; at
 * most {@link MailDiscovery#MAX_HOSTS_PER_SERVICE} hosts per service. A target that is an IP address
 * or not a usable host name is noted, not recorded. Never throws for DNS trouble, which becomes
 * {@link DiscoveryStatus#FAILED} with the reason.
 */
final class DiscoveredServers {

    /**
     * How long one discovery may take: a healthy resolver answers its at most
     * {@link MailDiscovery#MAX_QUERIES} questions well within it; a lookup still unanswered then is
     * noted as failed.
     */
    static final Duration DEADLINE = Duration.ofMinutes(2);

    private DiscoveredServers() {}

    /** One host found, in one role. */
    record Host(
            String hostname,
            EndpointRole role,
            int port,
            int preference,
            List<InetAddress> addresses,
            boolean addressesKnown) {}

    /** What discovery saw. */
    record Outcome(DiscoveryStatus status, List<Host> hosts, List<String> notes) {

        boolean nullMx() {
            return status == DiscoveryStatus.NULL_MX;
        }

        String message() {
            return String.join("\n", notes);
        }
    }

    static Outcome discover(Dns dns, DomainName domain) {
        DnsSession session =
                dns.session(MailDiscovery.MAX_QUERIES, Instant.now().plus(DEADLINE));
        List<String> notes = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        DiscoveryStatus status = mx(MailDiscovery.mx(session, domain.ascii()), domain, hosts, notes);
        if (status != DiscoveryStatus.FAILED && status != DiscoveryStatus.NO_MAIL) {
            for (MailDiscovery.SrvService service : MailDiscovery.srv(session, domain.ascii())) {
                srv(service, hosts, notes);
            }
        }
        return new Outcome(status, hosts, notes);
    }

    private static DiscoveryStatus mx(MailDiscovery.MxSet mx, DomainName domain, List<Host> hosts, List<String> notes) {
        switch (mx.kind()) {
            case FAILED -> {
                notes.add("MX lookup for " + domain.ascii() + " failed: " + describe(mx.mxAnswer()));
                return DiscoveryStatus.FAILED;
            }
            case NXDOMAIN -> {
                notes.add("The name " + domain.ascii() + " does not exist in DNS.");
                return DiscoveryStatus.NO_MAIL;
            }
            case NONE -> {
                // RFC 5321 §5.1: without MX records the domain itself is the implicit MX
                if (mx.hosts().isEmpty()) {
                    notes.add("No MX records and no A/AAAA records: the domain cannot receive mail.");
                    return DiscoveryStatus.NO_MAIL;
                }
                MailDiscovery.Host own = mx.hosts().getFirst();
                addressNotes(own, notes);
                if (own.addresses().isEmpty()) {
                    notes.add("No MX records; the address lookup for the implicit MX failed.");
                    return DiscoveryStatus.FAILED;
                }
                notes.add(
                        "No MX records: mail is delivered to the domain's own addresses (implicit MX, RFC 5321 §5.1).");
                hosts.add(new Host(
                        domain.ascii(),
                        EndpointRole.MX,
                        EndpointRole.MX.defaultPort(),
                        0,
                        own.addresses(),
                        !own.lookupFailed()));
                return DiscoveryStatus.IMPLICIT_MX;
            }
            case NULL_MX -> {
                notes.add("Null MX (RFC 7505): the domain accepts no mail.");
                return DiscoveryStatus.NULL_MX;
            }
            case NULL_MX_WITH_OTHERS ->
                notes.add("A null MX is published together with other MX records; RFC 7505 §3"
                        + " says it must stand alone. The other MX records are used.");
            case MX -> {
                // judged below
            }
        }
        if (!mx.notResolved().isEmpty()) {
            notes.add((mx.hosts().size() + mx.notResolved().size()) + " MX hosts; only the first "
                    + MailDiscovery.MAX_HOSTS_PER_SERVICE + " are recorded.");
        }
        for (MailDiscovery.Host h : mx.hosts()) {
            add(h, EndpointRole.MX, EndpointRole.MX.defaultPort(), "MX", hosts, notes);
        }
        return hosts.isEmpty() ? DiscoveryStatus.NO_MAIL : DiscoveryStatus.MX_FOUND;
    }

    private static void srv(MailDiscovery.SrvService service, List<Host> hosts, List<String> notes) {
        String owner = service.owner();
        if (service.answer().isFailure()) {
            notes.add("SRV lookup " + owner + " failed: " + describe(service.answer()));
            return;
        }
        EndpointRole role = EndpointRole.of(service.protocol());
        for (MailDiscovery.SrvRecord r : service.records()) {
            if (r.notOffered()) {
                // RFC 2782/6186 §3.4: a target of "." says the service is decidedly not offered
                notes.add(owner + " says the service is not offered (target \".\").");
            } else if (r.target().isEmpty()) {
                notes.add(owner + " names port 0 for " + r.targetName() + "; ignored.");
            } else {
                add(r.target().get(), role, r.port(), "SRV " + owner, hosts, notes);
            }
        }
    }

    private static void add(
            MailDiscovery.Host found, EndpointRole role, int port, String via, List<Host> hosts, List<String> notes) {
        DomainName host;
        try {
            host = DomainName.parse(found.host());
        } catch (InvalidDomainNameException e) {
            if (e.problem() == DomainName.Problem.IP_LITERAL || e.problem() == DomainName.Problem.NUMERIC_TLD) {
                notes.add(via + " target " + found.host() + " is an IP address, not a host name (RFC 5321 §5.1"
                        + " requires a name); it is not recorded.");
            } else {
                notes.add(via + " target " + found.host() + " is not a usable host name: " + e.getMessage());
            }
            return;
        }
        addressNotes(found, notes);
        if (!found.lookupFailed() && found.addresses().isEmpty()) {
            notes.add(via + " target " + host.ascii() + " has no A or AAAA records.");
        }
        hosts.add(new Host(host.ascii(), role, port, found.preference(), found.addresses(), !found.lookupFailed()));
    }

    /** A failed A or AAAA lookup, and an alias (once per name), in the order they were asked. */
    private static void addressNotes(MailDiscovery.Host host, List<String> notes) {
        for (DnsAnswer a : host.addressAnswers()) {
            if (a.isFailure()) {
                notes.add(a.type() + " lookup for " + host.host() + " failed: " + describe(a));
                continue;
            }
            if (!a.cnameChain().isEmpty()) {
                // RFC 5321 §5.1 / RFC 2181 §10.3: an MX or SRV target must not be an alias
                String note = host.host() + " is an alias (CNAME); MX and SRV targets should name the host directly.";
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            }
        }
    }

    /** The failure in words; the outcome name stays out of the note (the scan's evidence has it). */
    private static String describe(DnsAnswer a) {
        return DnsWords.reason(a);
    }
}
