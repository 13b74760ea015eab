package dev.mailward.checks;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsSession;
import java.time.Instant;

/**
 * What one check run may use: the domain (A-label, lower case, no trailing dot), the shared
 * resolver, the options and the deadline every socket and query inherits.
 */
public record CheckContext(String domain, Dns dns, CheckOptions options, Instant deadline) {

    /** A fresh budgeted DNS session for one check, ending at this context's deadline. */
    public DnsSession newDnsSession() {
        return dns.session(options.maxQueriesPerCheck(), deadline);
    }
}
