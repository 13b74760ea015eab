package dev.mailward.scanning;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.probe.testservers.MailServers;
import dev.mailward.probe.testservers.Probing;
import dev.mailward.probe.testservers.ScriptedServer;
import dev.mailward.probe.testservers.ServerTls;
import dev.mailward.testdns.TestDnsServer;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Base of the scanning tests: one context (so one scheduler, the only one of the JVM that executes scans) on
 * the shared embedded PostgreSQL, on a random port (for the browser and HTTP tests) and with MockMvc, resolving
 * through one loopback {@link TestDnsServer}; each test serves its own zones. A scanning test that needs
 * another setting gets a second scheduler on the same tables, which takes part in the other tests' scans. Scans
 * probe mail servers: MX hosts on 127.0.0.1 (allow-listed) are probed on the port of one scripted
 * SMTP/STARTTLS server ({@link #SMTP}, an open relay with a hostile banner); the other test
 * domains' MX sits at a documentation address, which the target policy refuses at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
abstract class ScanningTestSupport {

    static final TestDnsServer DNS = SharedDns.SERVER;
    static final ScriptedServer SMTP = SharedDns.SMTP;
    /** The greeting of {@link #SMTP}: markup, to prove the page escapes what servers send. */
    static final String HOSTILE_BANNER = "220 <b>mx</b>.probe.test ESMTP";

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mailward.dns.resolvers", () -> "127.0.0.1:" + DNS.port());
        // loopback answers come in microseconds, but the build machine may be loaded: a late answer is an ERROR
        registry.add("mailward.dns.timeout", () -> "1s");
        registry.add("mailward.dns.retries", () -> "0");
        registry.add("mailward.dns.dnssec-mode", () -> "TRUST_AD");
        // every scan sees the zones as the test left them
        registry.add("mailward.dns.cache-max-entries", () -> "0");
        // a TLS handshake on a loaded build machine can take seconds
        registry.add("mailward.checks.check-timeout", () -> "15s");
        registry.add("mailward.scanning.scheduler-enabled", () -> "true");
        registry.add("mailward.scanning.threads", () -> "8");
        registry.add("mailward.scanning.poll-interval", () -> "200ms");
        registry.add("mailward.scanning.heartbeat-interval", () -> "500ms");
        registry.add("mailward.scanning.retry-delay", () -> "1s");
        registry.add("mailward.checks.probe.enabled", () -> "true");
        registry.add("mailward.checks.probe.mx-port", SMTP::port);
        registry.add("mailward.checks.probe.connect-timeout", () -> "1s");
        registry.add("mailward.checks.probe.read-timeout", () -> "2s");
        registry.add("mailward.checks.allow-targets", () -> "127.0.0.0/8");
        registry.add("mailward.checks.ca-bundle", Probing.CA_BUNDLE::toString);
    }

    /** How many SMTP sessions {@link #SMTP} saw that reached the relay test (one per main probe session). */
    static long smtpProbeSessions() {
        return SMTP.received().stream().filter(l -> l.startsWith("MAIL FROM")).count();
    }

    /** A fresh name under {@code .test}. */
    static String uniqueDomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    /** Serves a small mail zone for {@code name} with the given TXT records at the apex. */
    static void serve(String name, String... apexTxt) {
        StringBuilder z = new StringBuilder();
        z.append("$ORIGIN ").append(name).append(".\n$TTL 300\n");
        z.append("@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        z.append("@ IN MX 10 mail\nmail IN A 192.0.2.25\n");
        for (String t : apexTxt) {
            z.append("@ IN TXT \"").append(t.replace("\"", "\\\"")).append("\"\n");
        }
        z.append("_dmarc IN TXT \"v=DMARC1; p=reject\"\n");
        DNS.replaceZone(z.toString());
    }

    /** A domain row of {@code team} (SQL: no discovery, no signed-in user needed). */
    long domain(String name, TeamRef team, int intervalMinutes, List<String> tags) {
        return jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, tags, check_interval, created_at, created_by, updated_at,
                                    discovery_status)
                values (?, ?, ?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id(), tags.toArray(String[]::new), intervalMinutes);
    }

    RequestPostProcessor as(UserView user) {
        return SecurityMockMvcRequestPostProcessors.user(accounts.principal(user.username()));
    }

    UserView user(String prefix, Role role, TeamRef... teams) {
        return accounts.user(prefix, role, teams);
    }

    static final class SharedDns {
        static final TestDnsServer SERVER = TestDnsServer.start();
        static final ScriptedServer SMTP = smtp();

        private static ScriptedServer smtp() {
            try {
                return new ScriptedServer(MailServers.Smtp.hardened(ServerTls.modern(Probing.MX_CERT))
                        .withBanner(HOSTILE_BANNER)
                        .openRelay()
                        .script());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private SharedDns() {}
    }
}
