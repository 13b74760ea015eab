package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelationTests {

    private static final CheckResult HARDENED = ConfigAudit.audit(Fixtures.bundle("hardened"));

    @Test
    void relayAcceptedDespiteRestrictiveConfigIsAFailure() {
        List<Finding> f =
                ConfigCorrelation.correlate(HARDENED, Observations.none().withRelayAccepted(true));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("CORRELATION_RELAY");
            assertThat(x.status()).isEqualTo(Status.FAIL);
            assertThat(x.mitigation()).isEqualTo("no-open-relay");
        });
        assertThat(ConfigCorrelation.correlate(HARDENED, Observations.none().withRelayAccepted(false)))
                .isEmpty();
    }

    @Test
    void openRelayConfigButRefusedProbeSuggestsAStaleUpload() {
        CheckResult open = ConfigAudit.audit(Fixtures.bundle("open-relay"));
        assertThat(ConfigCorrelation.correlate(open, Observations.none().withRelayAccepted(false)))
                .extracting(Finding::status)
                .containsExactly(Status.WARN);
    }

    @Test
    void bannerAndPtrMismatchesNameBothValues() {
        List<Finding> f = ConfigCorrelation.correlate(
                HARDENED,
                Observations.none()
                        .withBanner("220 other.example.net ESMTP Postfix (Debian/GNU)")
                        .withPtrName("host-1.isp.example."));
        assertThat(f).extracting(Finding::code).containsExactly("CORRELATION_BANNER", "CORRELATION_PTR");
        assertThat(f.get(0).message()).contains("'mx.example.org ESMTP'").contains("other.example.net ESMTP Postfix");
        assertThat(f.get(1).message()).contains("myhostname = mx.example.org").contains("host-1.isp.example");
        assertThat(ConfigCorrelation.correlate(
                        HARDENED,
                        Observations.none()
                                .withBanner("220 mx.example.org ESMTP")
                                .withPtrName("MX.example.org.")))
                .isEmpty();
    }

    @Test
    void tlsVersionOutsideTheConfiguredProtocolsIsAFailure() {
        List<Finding> f = ConfigCorrelation.correlate(
                HARDENED, Observations.none().withTlsVersionsSeen(Set.of("TLSv1", "TLSv1.3")));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("CORRELATION_TLS_VERSIONS");
            assertThat(x.message()).contains("[TLSv1]").contains("[TLSv1.2, TLSv1.3]");
        });
    }

    @Test
    void domainWithDaneButNoOutboundDaneWarns() {
        CheckResult debian = ConfigAudit.audit(Fixtures.bundle("debian-default"));
        assertThat(ConfigCorrelation.correlate(debian, Observations.none().withDomainDanePresent(true)))
                .extracting(Finding::code)
                .containsExactly("CORRELATION_DANE");
        assertThat(ConfigCorrelation.correlate(HARDENED, Observations.none().withDomainDanePresent(true)))
                .isEmpty();
    }

    @Test
    void portsSeenAreComparedWithMasterCfListeners() {
        assertThat(ConfigCorrelation.correlate(HARDENED, Observations.none().withOpenPorts(Set.of(25, 465, 587))))
                .isEmpty();
        List<Finding> f =
                ConfigCorrelation.correlate(HARDENED, Observations.none().withOpenPorts(Set.of(25)));
        assertThat(f)
                .singleElement()
                .satisfies(
                        x -> assertThat(x.message()).contains("[25, 465, 587]").contains("[25]"));
    }

    @Test
    void vrfyDisabledInTheUploadButEnumerableOnTheServerIsAContradiction() {
        assertThat(ConfigCorrelation.correlate(HARDENED, Observations.none().withVrfyEnumerable(true)))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("CORRELATION_VRFY");
                    assertThat(f.status()).isEqualTo(Status.WARN);
                    assertThat(f.message()).contains("disable_vrfy_command = yes");
                });
        assertThat(ConfigCorrelation.correlate(HARDENED, Observations.none().withVrfyEnumerable(false)))
                .isEmpty();
        // the upload leaves VRFY on: the audit already says so, the probe agrees, nothing contradicts
        CheckResult debian = ConfigAudit.audit(Fixtures.bundle("debian-default"));
        assertThat(ConfigCorrelation.correlate(debian, Observations.none().withVrfyEnumerable(true)))
                .noneMatch(f -> f.code().equals("CORRELATION_VRFY"));
    }

    @Test
    void withCorrelationRederivesTheStatus() {
        CheckResult merged =
                ConfigCorrelation.withCorrelation(HARDENED, Observations.none().withRelayAccepted(true));
        assertThat(HARDENED.status()).isEqualTo(Status.PASS);
        assertThat(merged.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void rspamdSelectorWithoutAUsableKeyInDnsIsAContradiction() {
        // hardened: dkim_signing.domain { example.org { selector = "s2025" } }, module-wide selector s2025
        Observations missing = Observations.none()
                .withDkim(new Observations.DkimKeys(
                        "example.org",
                        java.util.Map.of(
                                "s2025", Observations.KeyState.MISSING, "dkim", Observations.KeyState.USABLE)));
        assertThat(ConfigCorrelation.correlate(HARDENED, missing))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.code()).isEqualTo("CORRELATION_DKIM");
                    assertThat(x.status()).isEqualTo(Status.FAIL);
                    assertThat(x.mitigation()).isEqualTo("spf-dkim");
                    assertThat(x.message()).contains("s2025._domainkey.example.org has no key record");
                });
        assertThat(ConfigCorrelation.correlate(
                        HARDENED,
                        Observations.none()
                                .withDkim(new Observations.DkimKeys(
                                        "example.org", java.util.Map.of("s2025", Observations.KeyState.USABLE)))))
                .isEmpty();
        // a selector that was not queried proves nothing
        assertThat(ConfigCorrelation.correlate(
                        HARDENED,
                        Observations.none()
                                .withDkim(new Observations.DkimKeys(
                                        "example.org", java.util.Map.of("other", Observations.KeyState.MISSING)))))
                .isEmpty();
    }

    @Test
    void moduleWideSelectorWithARevokedKeyOnlyWarns() {
        // debian-default: no domain entries, module-wide selector "dkim" (Rspamd's default)
        CheckResult debian = ConfigAudit.audit(Fixtures.bundle("debian-default"));
        assertThat(ConfigCorrelation.correlate(
                        debian,
                        Observations.none()
                                .withDkim(new Observations.DkimKeys(
                                        "example.net", java.util.Map.of("dkim", Observations.KeyState.REVOKED)))))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.status()).isEqualTo(Status.WARN);
                    assertThat(x.message()).contains("revoked").contains("dkim_signing.selector");
                });
        // another domain of the hardened server is signed with the module-wide s2025, if at all
        assertThat(ConfigCorrelation.correlate(
                        HARDENED,
                        Observations.none()
                                .withDkim(new Observations.DkimKeys(
                                        "other.example", java.util.Map.of("s2025", Observations.KeyState.UNUSABLE)))))
                .extracting(Finding::status)
                .containsExactly(Status.WARN);
    }

    @Test
    void selectorsFromAMapOrRedisAreNotJudged() {
        String dump =
                Fixtures.text("hardened", "rspamd-configdump.txt").replace("use_redis = false;", "use_redis = true;");
        CheckResult redis = ConfigAudit.audit(ConfigBundle.of(
                "hardened",
                Fixtures.text("hardened", "postconf-n.txt"),
                Fixtures.text("hardened", "postconf-M.txt"),
                null,
                dump));
        assertThat(ConfigCorrelation.correlate(
                        redis,
                        Observations.none()
                                .withDkim(new Observations.DkimKeys(
                                        "example.org", java.util.Map.of("s2025", Observations.KeyState.MISSING)))))
                .isEmpty();
    }
}
