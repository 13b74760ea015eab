package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.Answers;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.checks.EndpointsObservation;
import dev.mailward.checks.Observation;
import dev.mailward.checks.ProbedEndpoint;
import dev.mailward.checks.dane.DaneObservation;
import dev.mailward.checks.dkim.DkimObservation;
import dev.mailward.checks.rdns.PtrObservation;
import dev.mailward.configaudit.Observations;
import dev.mailward.configaudit.Observations.KeyState;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.EndpointOrigin;
import dev.mailward.probe.MailDiscovery;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.Reply;
import dev.mailward.probe.TlsVersion;
import dev.mailward.probe.TlsVersionResult;
import java.net.InetAddress;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The configuration correlation's input read from a scan's typed observations, written here by
 * hand: no result, finding code or evidence key is consulted.
 */
class ProbeObservationsTests {

    private static final Instant T = Instant.parse("2025-06-01T10:00:00Z");
    private static final InetAddress MX_ADDRESS = InetAddress.ofLiteral("192.0.2.25");

    private static FamilyObservation.Observed family(String check, Observation o) {
        return new FamilyObservation.Observed(check, T, Duration.ofMillis(5), o);
    }

    private static String dkimKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        String p = Base64.getEncoder()
                .encodeToString(g.generateKeyPair().getPublic().getEncoded());
        String text = "v=DKIM1; k=rsa; p=" + p;
        // TXT character-strings hold at most 255 bytes each
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += 200) {
            out.append('"').append(text, i, Math.min(text.length(), i + 200)).append("\" ");
        }
        return out.toString().strip();
    }

    @Test
    void dkimKeysOfTheDomainByStateFromItsDkimObservation() throws Exception {
        String d = "example.org";
        DkimObservation dkim = new DkimObservation(
                d,
                T,
                Duration.ofMillis(5),
                List.of("s2025", "dkim", "old", "weak", "flaky"),
                List.of(
                        new DkimObservation.Selector("s2025", true, Answers.nxdomain("s2025._domainkey." + d, "TXT")),
                        new DkimObservation.Selector(
                                "dkim", true, Answers.ok("dkim._domainkey." + d, "TXT", dkimKey(2048))),
                        new DkimObservation.Selector(
                                "old", true, Answers.ok("old._domainkey." + d, "TXT", "\"v=DKIM1; p=\"")),
                        new DkimObservation.Selector(
                                "weak", true, Answers.ok("weak._domainkey." + d, "TXT", dkimKey(512))),
                        new DkimObservation.Selector(
                                "flaky", true, Answers.failed("flaky._domainkey." + d, "TXT", DnsOutcome.SERVFAIL)),
                        new DkimObservation.Selector(
                                "google", false, Answers.nxdomain("google._domainkey." + d, "TXT"))),
                Optional.empty());

        Optional<Observations.DkimKeys> keys =
                ProbeObservations.dkimKeys(new DomainObservation(d, T, List.of(family("dkim", dkim))));

        assertThat(keys).hasValueSatisfying(k -> {
            assertThat(k.domain()).isEqualTo(d);
            assertThat(k.selectors())
                    .isEqualTo(Map.of(
                            "s2025",
                            KeyState.MISSING,
                            "dkim",
                            KeyState.USABLE,
                            "old",
                            KeyState.REVOKED,
                            "weak",
                            KeyState.UNUSABLE));
        });
        assertThat(ProbeObservations.dkimKeys(new DomainObservation(d, T, List.of())))
                .isEmpty();
    }

    private static EndpointsObservation.ProbedTarget probed(
            EndpointOrigin origin, Endpoint e, Optional<EndpointObservation> session) {
        ProbedEndpoint p = session.isPresent()
                ? new ProbedEndpoint(
                        e, T, Duration.ofSeconds(1), session, Optional.empty(), Optional.empty(), Optional.empty())
                : ProbedEndpoint.notRun(e, T, Duration.ZERO, "probe failed: connection refused");
        return new EndpointsObservation.ProbedTarget(origin, Optional.empty(), Optional.empty(), p);
    }

    private static EndpointObservation session(
            Endpoint e, Optional<Reply> greeting, Map<String, Reply> replies, List<TlsVersionResult> versions) {
        return new EndpointObservation(
                e,
                Optional.of(MX_ADDRESS.getHostAddress()),
                Optional.empty(),
                greeting,
                40,
                Optional.of(List.of("STARTTLS")),
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                replies,
                versions,
                List.of(),
                Optional.empty());
    }

    @Test
    void whatEachServerShowedIsReadFromTheTypedSessionsTlsaAndPtrObservations() {
        String d = "example.org";
        String host = "mx.example.org";
        Endpoint mx = new Endpoint(host, 2525, List.of(MX_ADDRESS), Protocol.SMTP);
        Endpoint submission = new Endpoint(host, 587, List.of(MX_ADDRESS), Protocol.SUBMISSION);
        Endpoint submissions = new Endpoint(host, 465, List.of(MX_ADDRESS), Protocol.SUBMISSIONS);
        Endpoint imaps = new Endpoint("imap.example.org", 993, List.of(MX_ADDRESS), Protocol.IMAPS);
        Reply greeting = new Reply("220", List.of("220 mx.example.org ESMTP"));
        EndpointObservation mxSession = session(
                mx,
                Optional.of(greeting),
                Map.of(
                        "MAIL",
                        new Reply("250", List.of("250 ok")),
                        "RCPT",
                        new Reply("250", List.of("250 accepted")),
                        "VRFY",
                        new Reply("252", List.of("252 2.0.0 postmaster")),
                        "VRFY_UNKNOWN",
                        new Reply("550", List.of("550 5.1.1 <qwertzuiopasdfgh>: User unknown"))),
                List.of(
                        new TlsVersionResult(
                                TlsVersion.TLS_1_0, TlsVersionResult.Outcome.ACCEPTED, Optional.empty(), "ok"),
                        new TlsVersionResult(
                                TlsVersion.TLS_1_1, TlsVersionResult.Outcome.REFUSED, Optional.empty(), "alert"),
                        new TlsVersionResult(
                                TlsVersion.TLS_1_3, TlsVersionResult.Outcome.ACCEPTED, Optional.empty(), "ok")));
        MailDiscovery.MxSet mxSet = new MailDiscovery.MxSet(
                MailDiscovery.MxKind.MX, Answers.ok(d, "MX", "10 " + host + "."), List.of(), List.of());
        EndpointsObservation endpoints = new EndpointsObservation(
                d,
                T,
                Duration.ofMillis(5),
                mxSet,
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                List.of(
                        probed(EndpointOrigin.MX, mx, Optional.of(mxSession)),
                        probed(
                                EndpointOrigin.srv("_submission._tcp." + d),
                                submission,
                                Optional.of(session(submission, Optional.of(greeting), Map.of(), List.of()))),
                        probed(EndpointOrigin.srv("_submissions._tcp." + d), submissions, Optional.empty()),
                        probed(
                                EndpointOrigin.srv("_imaps._tcp." + d),
                                imaps,
                                Optional.of(session(
                                        imaps, Optional.of(new Reply("OK", List.of("* OK"))), Map.of(), List.of())))));
        DaneObservation dane = new DaneObservation(
                d,
                T,
                Duration.ofMillis(5),
                mxSet,
                List.of(),
                List.of(new DaneObservation.Host(
                        host,
                        T,
                        Duration.ofMillis(5),
                        Answers.ok("_25._tcp." + host, "TLSA", DnssecStatus.SECURE, "3 1 1 " + "ab".repeat(32)),
                        List.of(),
                        Optional.empty())));
        PtrObservation ptr = new PtrObservation(
                d,
                List.of(new PtrObservation.Address(
                        MX_ADDRESS,
                        T,
                        Duration.ofMillis(5),
                        List.of(Answers.ok("25.2.0.192.in-addr.arpa", "PTR", "Smtp.Example.ORG.")))));

        Map<String, Observations> byHost = ProbeObservations.byHost(new DomainObservation(
                d, T, List.of(family("endpoints", endpoints), family("dane", dane), family("ptr", ptr))));

        // the IMAP host has no SMTP endpoint: nothing to correlate
        assertThat(byHost).containsOnlyKeys(host);
        Observations o = byHost.get(host);
        assertThat(o.relayAccepted()).contains(true);
        assertThat(o.banner()).contains("220 mx.example.org ESMTP");
        assertThat(o.ptrName()).contains("smtp.example.org");
        assertThat(o.tlsVersionsSeen()).containsExactlyInAnyOrder("TLSv1", "TLSv1.3");
        // 25 (the lab's MX port stands for it), 465 and 587 probed; 465 did not greet
        assertThat(o.openPorts()).contains(Set.of(25, 587));
        assertThat(o.domainDanePresent()).contains(true);
        // VRFY told postmaster (252) from a made-up address (550): the correlation hears of it
        assertThat(o.vrfyEnumerable()).contains(true);
    }

    @Test
    void aPortNotProbedIsNotAClosedPortAndARefusedRelayIsKnownAsSuch() {
        String d = "example.net";
        Endpoint mx = new Endpoint("mx.example.net", 25, List.of(MX_ADDRESS), Protocol.SMTP);
        EndpointObservation refused = session(
                mx,
                Optional.of(new Reply("220", List.of("220 mx ESMTP"))),
                Map.of("MAIL", new Reply("250", List.of("250 ok")), "RCPT", new Reply("554", List.of("554 no relay"))),
                List.of());
        MailDiscovery.MxSet mxSet = new MailDiscovery.MxSet(
                MailDiscovery.MxKind.MX, Answers.ok(d, "MX", "10 mx.example.net."), List.of(), List.of());
        EndpointsObservation endpoints = new EndpointsObservation(
                d,
                T,
                Duration.ofMillis(5),
                mxSet,
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                List.of(probed(EndpointOrigin.MX, mx, Optional.of(refused))));
        DaneObservation dane = new DaneObservation(
                d,
                T,
                Duration.ofMillis(5),
                mxSet,
                List.of(),
                List.of(new DaneObservation.Host(
                        "mx.example.net",
                        T,
                        Duration.ofMillis(5),
                        Answers.ok("_25._tcp.mx.example.net", "TLSA", DnssecStatus.SECURE),
                        List.of(),
                        Optional.empty())));

        Observations o = ProbeObservations.byHost(
                        new DomainObservation(d, T, List.of(family("endpoints", endpoints), family("dane", dane))))
                .get("mx.example.net");

        assertThat(o.relayAccepted()).contains(false);
        assertThat(o.openPorts()).isEmpty();
        assertThat(o.ptrName()).isEmpty();
        assertThat(o.domainDanePresent()).contains(false);
    }
}
