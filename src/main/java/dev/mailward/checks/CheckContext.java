package dev.mailward.checks;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsSession;
import java.time.Instant;

/**
 * What one check run may use: the domain (A-label, lower case, no trailing dot), the shared
 * resolver, the options, the deadline every socket and query inherits and the facts the domain
 * run observes once for all its families ({@link RunObservations}).
 */
public record CheckContext(
        String domain, Dns dns, CheckOptions options, Instant deadline, RunObservations observations) {

    /** A context for one check run on its own: its facts are shared with no other family. */
    public CheckContext(String domain, Dns dns, CheckOptions options, Instant deadline) {
        this(domain, dns, options, deadline, new RunObservations());
    }

    /** A fresh budgeted DNS session for one check, ending at this context's deadline. */
    public DnsSession newDnsSession() {
        return dns.session(options.maxQueriesPerCheck(), deadline);
    }
}
