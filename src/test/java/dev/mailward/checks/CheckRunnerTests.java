package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.mx.MxCheck;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.TestDnsServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class CheckRunnerTests {

    /** The observation of a family that observes nothing. */
    record Nothing() implements Observation {}

    static final String ZONE = """
            $ORIGIN run.test.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 600 86400 300
            @ IN MX 10 mx1
            @ IN MX 20 mx2
            @ IN MX 30 mx3
            mx1 IN A 192.0.2.1
            mx2 IN A 192.0.2.2
            mx3 IN A 192.0.2.3
            """;

    static DnsClient client(TestDnsServer server) {
        return DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(server.address()))
                .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD)
                .withTimeout(Duration.ofMillis(300), 0));
    }

    @Test
    void stopsADomainsChecksAtTheDomainsQueryBudgetAndSaysSo() {
        try (TestDnsServer server = TestDnsServer.builder().zone(ZONE).start();
                DnsClient dns = client(server);
                CheckRunner runner = new CheckRunner(new CheckRegistry(List.of(new MxCheck())), dns, 4, 3)) {
            DomainReport report = runner.run("run.test", CheckOptions.defaults());
            CheckResult mx = report.results().getFirst();
            assertThat(mx.status()).isEqualTo(Status.ERROR);
            assertThat(mx.findings())
                    .anySatisfy(f -> assertThat(f.message())
                            .contains("the lookup budget of this domain was used up (more than 3 queries)"))
                    .allSatisfy(f -> assertThat(f.message()).doesNotContain("BUDGET_EXHAUSTED"));
            assertThat(mx.evidence().dns()).extracting(d -> d.outcome()).contains("BUDGET_EXHAUSTED");
            assertThat(server.queryCount()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aCheckThatOverrunsItsDeadlineBecomesErrorAndTheOthersStillReport() {
        Check<Nothing> stuck = new Check<>() {
            @Override
            public String id() {
                return "stuck";
            }

            @Override
            public TargetKind targetKind() {
                return TargetKind.DOMAIN;
            }

            @Override
            public List<? extends FindingCode> codes() {
                return List.of(CheckRunner.RunnerCode.values());
            }

            @Override
            public Class<Nothing> observationType() {
                return Nothing.class;
            }

            @Override
            public Nothing observe(CheckContext context) {
                // ignores its deadline on purpose: waits on the network without a bound of its own
                while (!Thread.currentThread().isInterrupted()) {
                    context.dns().lookup("slow.run.test", Type.TXT);
                }
                return new Nothing();
            }

            @Override
            public List<CheckResult> analyse(Nothing observation) {
                return List.of();
            }
        };
        try (TestDnsServer server = TestDnsServer.builder().zone(ZONE).start();
                DnsClient dns = client(server);
                CheckRunner runner = new CheckRunner(new CheckRegistry(List.of(stuck, new MxCheck())), dns, 4, 1000)) {
            server.timeout("slow.run.test");
            DomainReport report =
                    runner.run("run.test", CheckOptions.defaults().withCheckTimeout(Duration.ofMillis(500)));
            assertThat(report.results()).extracting(CheckResult::check).containsExactly("stuck", "mx");
            CheckResult r = report.results().getFirst();
            assertThat(r.status()).isEqualTo(Status.ERROR);
            assertThat(r.findings().getFirst().message()).contains("did not finish within its deadline");
            assertThat(report.results().get(1).status()).isNotEqualTo(Status.ERROR);
        }
    }
}
