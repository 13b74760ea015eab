package dev.mailward.checks.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.testnet.LabDns;
import dev.mailward.testnet.TestHttpsServer;
import dev.mailward.testnet.TestPki;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mta-sts check over loopback DNS and a real HTTPS server with a test CA. */
class MtaStsCheckTests {

    private static final String DOMAIN = "example.test";
    private static final String ENFORCE = "version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 604800\n";

    @TempDir
    Path tmp;

    private LabDns lab;
    private TestPki pki;
    private Path bundle;
    private TestHttpsServer server;

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki("Mailward Test CA");
        bundle = pki.writeCaBundle(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private void dns(String extra) {
        lab = new LabDns("$ORIGIN example.test.\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n"
                + "@ 300 IN MX 10 mx1\n@ 300 IN MX 20 mx2\nmx1 300 IN A 192.0.2.25\nmx2 300 IN A 192.0.2.26\n"
                + "mta-sts 300 IN A 127.0.0.1\n" + extra);
    }

    private void serve(TestHttpsServer.Handler handler) throws Exception {
        server = new TestHttpsServer(pki.issue("mta-sts." + DOMAIN), handler);
    }

    private CheckResult run(TargetPolicy policy) {
        CheckOptions options = CheckOptions.defaults().withTargetPolicy(policy).withCaBundle(bundle);
        int port = server == null ? 443 : server.port();
        List<CheckResult> results = new MtaStsCheck(port)
                .run(new CheckContext(
                        DOMAIN, lab.client(), options, Instant.now().plusSeconds(3)));
        assertThat(results).hasSize(1);
        assertThat(results.getFirst().target()).isEqualTo(DOMAIN);
        return results.getFirst();
    }

    private CheckResult run() {
        return run(TargetPolicy.allowing(List.of("127.0.0.1/32")));
    }

    private static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    @Test
    void passesEnforcedPolicyCoveringEveryMxByWildcard() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=20240101T000000\"\n");
        serve(TestHttpsServer.respond(200, "text/plain; charset=utf-8", ENFORCE));
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(codes(r)).containsExactlyInAnyOrder("MTASTS_MODE_ENFORCE", "MTASTS_MX_COVERED");
        assertThat(r.evidence().http()).singleElement().satisfies(h -> {
            assertThat(h.url()).isEqualTo("https://mta-sts.example.test:" + server.port() + "/.well-known/mta-sts.txt");
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.bodyExcerpt()).isEqualTo(ENFORCE);
        });
        assertThat(r.evidence().details()).containsEntry("id", "20240101T000000");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.mitigation()).isEqualTo("tls"));
    }

    @Test
    void policyHostWithoutX25519IsFetchedOnTheSecondHandshakeAndTheEvidenceSaysSo() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        server = new TestHttpsServer(
                pki.issue("mta-sts." + DOMAIN), TestHttpsServer.respond(200, "text/plain", ENFORCE), "secp256r1");
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(r.evidence().details().get("fetchNotes"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement()
                .asString()
                .contains("offering X25519 only failed", "asked again");
    }

    @Test
    void noFetchNotesWhenNothingHappenedOnTheWay() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        serve(TestHttpsServer.respond(200, "text/plain", ENFORCE));
        assertThat(run().evidence().details()).doesNotContainKey("fetchNotes");
    }

    @Test
    void failsEnforcedPolicyThatMissesAnMx() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        serve(TestHttpsServer.respond(
                200, "text/plain", "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n"));
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().code()).isEqualTo("MTASTS_MX_NOT_COVERED");
        assertThat(r.findings().getFirst().message())
                .contains("mx2.example.test")
                .doesNotContain("mx1.example.test,");
    }

    @Test
    void warnsOnTestingModeShortMaxAgeAndWrongContentType() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        serve(TestHttpsServer.respond(
                200, "text/html", "version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 3600\n"));
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r))
                .contains(
                        "MTASTS_MODE_TESTING",
                        "MTASTS_MAX_AGE_OUT_OF_RANGE",
                        "MTASTS_POLICY_CONTENT_TYPE",
                        "MTASTS_MX_NOT_COVERED");
    }

    @Test
    void warnsWhenNotDeployed() {
        dns("");
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(codes(r)).containsExactly("MTASTS_NOT_DEPLOYED");
    }

    @Test
    void doesNotApplyToADomainThatAcceptsNoMailAndSaysWhy() {
        lab = new LabDns(
                "$ORIGIN nullmx.test.\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ 300 IN MX 0 .\n",
                "$ORIGIN parked.test.\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ 300 IN A 192.0.2.80\n"
                        + "@ 300 IN TXT \"v=spf1 -all\"\n",
                "$ORIGIN inbound.test.\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ 300 IN MX 10 mx\n"
                        + "mx 300 IN A 192.0.2.25\n@ 300 IN TXT \"v=spf1 -all\"\n");
        CheckResult nullMx = runOn("nullmx.test");
        assertThat(nullMx.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(codes(nullMx)).containsExactly("MTASTS_NULL_MX");
        CheckResult parked = runOn("parked.test");
        assertThat(parked.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(codes(parked)).containsExactly("MTASTS_NO_MAIL");
        assertThat(parked.findings().getFirst().message())
                .contains("has no MX record and sends no mail")
                .contains("v=spf1 -all");
        // a domain that sends nothing but has mail servers still receives mail: MTA-STS protects that
        CheckResult inbound = runOn("inbound.test");
        assertThat(inbound.status()).isEqualTo(Status.WARN);
        assertThat(codes(inbound)).containsExactly("MTASTS_NOT_DEPLOYED");
    }

    private CheckResult runOn(String domain) {
        List<CheckResult> results = new MtaStsCheck()
                .run(new CheckContext(
                        domain,
                        lab.client(),
                        CheckOptions.defaults(),
                        Instant.now().plusSeconds(3)));
        assertThat(results).singleElement();
        return results.getFirst();
    }

    @Test
    void failsOnTwoRecordsAndOnInvalidId() {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n_mta-sts 300 IN TXT \"v=STSv1; id=2\"\n");
        assertThat(codes(run())).containsExactly("MTASTS_RECORD_MULTIPLE");
        lab.close();
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=test-123\"\n");
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().message()).contains("id='test-123'");
    }

    @Test
    void failsWhenRecordPointsToUnfetchablePolicy() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        server = new TestHttpsServer(
                new TestPki("Other CA").issue("mta-sts." + DOMAIN),
                TestHttpsServer.respond(200, "text/plain", ENFORCE));
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).containsExactly("MTASTS_POLICY_UNAVAILABLE");
        assertThat(r.evidence().http().getFirst().error()).contains("TLS handshake");
    }

    @Test
    void failsOnRedirectWithoutFollowingIt() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        serve(TestHttpsServer.respond(302, "text/html", "moved", "Location: https://evil.test/policy"));
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().message()).contains("302", "https://evil.test/policy");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void refusedFetchIsAnErrorNotAFailure() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        serve(TestHttpsServer.respond(200, "text/plain", ENFORCE));
        CheckResult r = run(TargetPolicy.strict());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(codes(r)).containsExactly("MTASTS_POLICY_FETCH_ERROR");
        assertThat(r.findings().getFirst().message()).contains("127.0.0.1 is in 127.0.0.0/8");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void stalledPolicyServerIsAnError() throws Exception {
        dns("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n");
        serve((head, out, s) -> s.awaitClose());
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.findings().getFirst().message())
                .contains("not completed: the server did not answer in time")
                .doesNotContain("TIMEOUT");
    }

    @Test
    void dnsFailureIsAnError() {
        dns("");
        lab.server().servfail("_mta-sts.example.test");
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(codes(r)).containsExactly("MTASTS_DNS_ERROR");
    }

    @Test
    void hostileRecordAndPolicyAreKeptAsData() throws Exception {
        String evil = "v=STSv1; id=<script>alert(1)</script>" + "x".repeat(4000);
        StringBuilder zoneTxt = new StringBuilder("_mta-sts 300 IN TXT ");
        for (int i = 0; i < evil.length(); i += 255) {
            zoneTxt.append('"')
                    .append(evil, i, Math.min(evil.length(), i + 255))
                    .append("\" ");
        }
        dns(zoneTxt + "\n");
        CheckResult r = run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).containsExactly("MTASTS_RECORD_INVALID");
        assertThat(r.findings().getFirst().message()).contains("<script>alert(1)</script>");
        @SuppressWarnings("unchecked")
        List<String> records = (List<String>) r.evidence().details().get("records");
        assertThat(records).containsExactly(evil);
    }
}
