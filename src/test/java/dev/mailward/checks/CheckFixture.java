package dev.mailward.checks;

import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs checks against a loopback {@link TestDnsServer} through the production resolver, with
 * short timeouts so that failure scenarios stay quick. DNSSEC status comes from the server's AD
 * bit (the test server sets it for zones marked secure); DNSSEC tests validate on their own.
 */
public final class CheckFixture implements AutoCloseable {

    private final DnsClient dns;
    private final CheckOptions options;

    public CheckFixture(TestDnsServer server) {
        this(server, CheckOptions.defaults().withCheckTimeout(Duration.ofSeconds(10)));
    }

    public CheckFixture(TestDnsServer server, CheckOptions options) {
        this.dns = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(server.address()))
                .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD)
                .withTimeout(Duration.ofMillis(400), 1));
        this.options = options;
    }

    public DnsClient dns() {
        return dns;
    }

    public List<CheckResult> run(Check check, String domain) {
        return run(check, domain, options);
    }

    public List<CheckResult> run(Check check, String domain, CheckOptions opts) {
        return check.run(new CheckContext(domain, dns, opts, Instant.now().plus(opts.checkTimeout())));
    }

    public CheckResult runOne(Check check, String domain) {
        List<CheckResult> results = run(check, domain);
        if (results.size() != 1) {
            throw new AssertionError("expected one result, got " + results);
        }
        return results.getFirst();
    }

    /** The codes of a result's findings, for assertions. */
    public static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    @Override
    public void close() {
        dns.close();
    }
}
