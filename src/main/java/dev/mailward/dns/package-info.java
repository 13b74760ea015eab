/**
 * DNS layer over dnsjava: configured resolvers, timeouts and retries, UDP with TCP fallback on
 * truncation, EDNS0 with the DO bit, a TTL-respecting cache with negative caching, and a DNSSEC
 * status for every answer (trusted AD bit of a validating resolver, or local validation from
 * configured trust anchors). Query budgets per check and per domain.
 *
 * <p>Publishes {@link dev.mailward.dns.Dns} (the shared resolver), {@link dev.mailward.dns.DnsSession}
 * (a budgeted, evidence-collecting view for one check) and {@link dev.mailward.dns.DnsAnswer}.
 * Knows nothing of Spring MVC, JPA or the database.
 * <p>The console's settings of the module, {@code mailward.dns.*}, are bound beside it in
 * {@code dns.config}, which also wires the console's one {@link dev.mailward.dns.DnsClient}; everything
 * else is a plain library the CLI and tests use without Spring.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "DNS",
        allowedDependencies = {})
package dev.mailward.dns;
