package dev.mailward.testnet;

import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.dns.DnsSettings.DnssecMode;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The loopback test DNS server with the production resolver in front of it: what the dkim,
 * mta-sts and tls-rpt tests resolve through. No cache, so that fault injection takes effect at once.
 */
public final class LabDns implements AutoCloseable {

    private final TestDnsServer server;
    private final DnsClient client;

    public LabDns(String... zones) {
        TestDnsServer.Builder b = TestDnsServer.builder();
        for (String z : zones) {
            b.zone(z);
        }
        server = b.start();
        client = DnsClient.create(new DnsSettings(
                List.of(server.address()),
                Duration.ofMillis(300),
                0,
                DnssecMode.TRUST_AD,
                Optional.empty(),
                0,
                8,
                65_535,
                60,
                400));
    }

    public TestDnsServer server() {
        return server;
    }

    public DnsClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
