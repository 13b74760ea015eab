package dev.mailward.probe.testservers;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.EndpointProber;
import dev.mailward.probe.AddressLimiter;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.SessionLimits;
import dev.mailward.probe.TargetPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared fixture: a test CA, its PEM bundle, fast bounds and helpers to probe scripted servers. */
public final class Probing {

    public static final TestCerts CA = TestCerts.newCa("Mailward Test CA");
    public static final TestCerts.Issued MX_CERT = CA.leaf(TestCerts.rsa(2048), "mx.test");
    public static final Path CA_BUNDLE;

    static {
        try {
            CA_BUNDLE = CA.writeBundle(Files.createTempDirectory("mailward-ca"));
            CA_BUNDLE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Probing() {}

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    public static CheckOptions options() {
        return CheckOptions.defaults()
                .withTargetPolicy(TargetPolicy.allowing(List.of("127.0.0.0/8")))
                .withCaBundle(CA_BUNDLE);
    }

    public static SessionLimits fastLimits() {
        return new SessionLimits(Duration.ofMillis(1000), Duration.ofMillis(700), 2048, 100, 64 * 1024);
    }

    public static EndpointProber prober() {
        return new EndpointProber(fastLimits(), AddressLimiter.oneAtATime(), true);
    }

    public static Endpoint endpoint(String host, ScriptedServer server, Protocol protocol) {
        return new Endpoint(host, server.port(), List.of(loopback()), protocol);
    }

    public static Instant deadline() {
        return Instant.now().plusSeconds(8);
    }

    /** Probes a server running {@code script} as {@code protocol} for host mx.test. */
    public static Map<String, CheckResult> probe(ScriptedServer.Script script, Protocol protocol) {
        try (ScriptedServer s = new ScriptedServer(script)) {
            return byId(prober().probe(endpoint("mx.test", s, protocol), options(), deadline()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, CheckResult> byId(List<CheckResult> results) {
        Map<String, CheckResult> m = new LinkedHashMap<>();
        results.forEach(r -> m.put(r.check(), r));
        return m;
    }

    /** "STATUS CODE: message" of every finding, for readable assertions. */
    public static String describe(CheckResult r) {
        return r.check() + " " + r.status() + " "
                + r.findings().stream()
                        .map(f -> f.status() + " " + f.code() + ": " + f.message())
                        .toList();
    }
}
