package dev.mailward.probe;

import dev.mailward.dns.AddressText;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Observes one mail server endpoint: a main session (greeting, capabilities, STARTTLS or
 * implicit TLS with every version offered, capabilities under TLS, the protocol's probes, then
 * QUIT/LOGOUT), for POP3 a short session checking that {@code USER} is refused in clear, and one
 * session per TLS version offering only that version. Every session connects only to an address
 * the target policy permits, holds a politeness slot for its address, inherits {@code deadline},
 * and is closed on every path. Never sends DATA, credentials or pipelined commands. Thread-safe;
 * starts no threads.
 */
public final class MailProber {

    private static final List<TlsVersion> ALL_VERSIONS = List.of(TlsVersion.values());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProbeSettings settings;
    private final AddressLimiter limiter;

    public MailProber(ProbeSettings settings, AddressLimiter limiter) {
        this.settings = settings;
        this.limiter = limiter;
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** The first address of {@code endpoint} the policy permits, or why none may be contacted. */
    public static Result<InetAddress> chooseAddress(Endpoint endpoint, TargetPolicy policy) {
        if (endpoint.addresses().isEmpty()) {
            return Result.failure("no address known for " + endpoint.host());
        }
        List<String> refusals = new ArrayList<>();
        for (InetAddress a : endpoint.addresses()) {
            Optional<String> r = policy.refusal(a);
            if (r.isEmpty()) {
                return Result.success(a);
            }
            refusals.add(r.get());
        }
        return Result.failure(
                "not contacted: the target policy refuses " + endpoint.host() + ": " + String.join("; ", refusals));
    }

    /** A value or the reason there is none. */
    public record Result<T>(Optional<T> value, Optional<String> failure) {
        static <T> Result<T> success(T v) {
            return new Result<>(Optional.of(v), Optional.empty());
        }

        static <T> Result<T> failure(String why) {
            return new Result<>(Optional.empty(), Optional.of(why));
        }
    }

    /** Observes {@code endpoint} at the first permitted address; never throws for network data. */
    public EndpointObservation observe(Endpoint endpoint, Instant deadline) {
        Observed o = new Observed(endpoint);
        Result<InetAddress> chosen = chooseAddress(endpoint, settings.targetPolicy());
        if (chosen.value().isEmpty()) {
            o.notTestable = chosen.failure().get();
            o.transcript.event(o.notTestable);
            return ProbeSessions.counted(o.build());
        }
        InetAddress address = chosen.value().get();
        o.address = AddressText.of(address);
        mainSession(endpoint, address, deadline, o);
        if (endpoint.protocol() == Protocol.POP3 && o.greeting != null) {
            userProbeSession(endpoint, address, deadline, o);
        }
        boolean tlsReachable = o.tls != null || (o.tlsFailure != null && o.tlsFailure.refused());
        if (settings.scanVersions() && tlsReachable) {
            for (TlsVersion v : TlsVersion.values()) {
                if (!Instant.now().isBefore(deadline)) {
                    o.versions.add(new TlsVersionResult(
                            v,
                            TlsVersionResult.Outcome.NOT_TESTABLE,
                            Optional.empty(),
                            "deadline reached before trying " + v.label()));
                    continue;
                }
                o.versions.add(versionSession(endpoint, address, v, deadline, o.transcript));
            }
        }
        return ProbeSessions.counted(o.build());
    }

    private void mainSession(Endpoint ep, InetAddress address, Instant deadline, Observed o) {
        Dialect d = Dialect.of(ep.protocol(), settings.ehloName());
        LineSession s = null;
        try (AddressLimiter.Permit permit = limiter.acquire(address, deadline)) {
            long start = System.nanoTime();
            s = LineSession.open(address, ep.port(), settings.limits(), deadline, o.transcript);
            boolean implicit = ep.protocol().implicitTls();
            if (implicit) {
                o.tlsOffered = true;
                s.step("TLS handshake (implicit TLS)");
                try {
                    o.tls = s.startTls(ALL_VERSIONS, ep.host());
                } catch (LineSession.TlsAttemptFailed f) {
                    o.tlsFailure = new TlsFailure(f.refused, f.getMessage());
                    return;
                }
            }
            s.step("waiting for the greeting");
            o.greeting = d.greeting(s);
            o.greetingMillis = (System.nanoTime() - start) / 1_000_000;
            s.transcript().event("greeting complete after " + o.greetingMillis + " ms");
            if (implicit) {
                o.capsAfter = d.capabilities(s, true);
            } else {
                o.capsBefore = d.capabilities(s, false);
                o.tlsOffered = d.tlsOffered(o.capsBefore);
                if (o.tlsOffered) {
                    Optional<Reply> refusal = d.startTls(s);
                    if (refusal.isPresent()) {
                        o.tlsFailure = new TlsFailure(
                                true, "STARTTLS answered " + refusal.get().text());
                    } else {
                        s.step("TLS handshake after STARTTLS");
                        try {
                            o.tls = s.startTls(ALL_VERSIONS, ep.host());
                        } catch (LineSession.TlsAttemptFailed f) {
                            o.tlsFailure = new TlsFailure(f.refused, f.getMessage());
                            return;
                        }
                        o.capsAfter = d.capabilities(s, true);
                    }
                }
            }
            if (ep.protocol().isSmtp()) {
                o.unknownLocalPart = unknownLocalPart();
            }
            d.probes(s, settings, o.unknownLocalPart, o.replies);
            quietly(d, s);
        } catch (ProbeAbort e) {
            o.notTestable = s == null ? e.getMessage() : s.reason(e);
            o.transcript.event("not testable: " + o.notTestable);
        } catch (IOException | RuntimeException e) {
            o.notTestable = s == null ? String.valueOf(e.getMessage()) : s.reason(e);
            o.transcript.event("not testable: " + o.notTestable);
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    private void userProbeSession(Endpoint ep, InetAddress address, Instant deadline, Observed o) {
        Dialect d = Dialect.of(ep.protocol(), settings.ehloName());
        LineSession s = null;
        o.transcript.event("--- POP3 session: is USER refused before TLS? ---");
        try (AddressLimiter.Permit permit = limiter.acquire(address, deadline)) {
            s = LineSession.open(address, ep.port(), settings.limits(), deadline, o.transcript);
            d.greeting(s);
            d.plaintextProbes(s, settings, o.replies);
            quietly(d, s);
        } catch (IOException | RuntimeException e) {
            String why = s == null ? String.valueOf(e.getMessage()) : s.reason(e);
            o.userProbeFailure = why;
            o.transcript.event("USER probe not testable: " + why);
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    private TlsVersionResult versionSession(
            Endpoint ep, InetAddress address, TlsVersion v, Instant deadline, Transcript t) {
        Dialect d = Dialect.of(ep.protocol(), settings.ehloName());
        LineSession s = null;
        t.event("--- session offering only " + v.label() + " ---");
        try (AddressLimiter.Permit permit = limiter.acquire(address, deadline)) {
            s = LineSession.open(address, ep.port(), settings.limits(), deadline, t);
            if (!ep.protocol().implicitTls()) {
                d.greeting(s);
                List<String> caps = d.capabilities(s, false);
                if (!d.tlsOffered(caps)) {
                    return notTestable(v, "STARTTLS not offered on this connection");
                }
                Optional<Reply> refusal = d.startTls(s);
                if (refusal.isPresent()) {
                    return notTestable(v, "STARTTLS answered " + refusal.get().text());
                }
            }
            s.step("TLS handshake offering only " + v.label());
            TlsHandshake h;
            try {
                h = s.startTls(List.of(v), ep.host());
            } catch (LineSession.TlsAttemptFailed f) {
                return new TlsVersionResult(
                        v,
                        f.refused ? TlsVersionResult.Outcome.REFUSED : TlsVersionResult.Outcome.NOT_TESTABLE,
                        Optional.empty(),
                        f.getMessage());
            }
            if (ep.protocol().implicitTls()) {
                try {
                    d.greeting(s);
                } catch (IOException ignored) {
                    // the handshake is what this session measures
                }
            }
            quietly(d, s);
            return new TlsVersionResult(
                    v, TlsVersionResult.Outcome.ACCEPTED, Optional.of(h), "accepted with " + h.cipherSuite());
        } catch (IOException | RuntimeException e) {
            return notTestable(v, s == null ? String.valueOf(e.getMessage()) : s.reason(e));
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * 16 random lower-case letters (about 75 bits): a local part no mailbox has and nobody can
     * guess, so that a server's answer to it is its answer to an address that does not exist.
     */
    static String unknownLocalPart() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return b.toString();
    }

    private static TlsVersionResult notTestable(TlsVersion v, String why) {
        return new TlsVersionResult(v, TlsVersionResult.Outcome.NOT_TESTABLE, Optional.empty(), why);
    }

    private static void quietly(Dialect d, LineSession s) {
        try {
            d.quit(s);
        } catch (IOException | RuntimeException ignored) {
            // the observation is complete; a server that drops the connection on QUIT is fine
        }
    }

    /** Mutable collector for one endpoint's observation. */
    private static final class Observed {
        final Endpoint endpoint;
        final Transcript transcript = new Transcript();
        String address;
        String notTestable;
        String userProbeFailure;
        Reply greeting;
        long greetingMillis;
        List<String> capsBefore;
        boolean tlsOffered;
        TlsHandshake tls;
        TlsFailure tlsFailure;
        List<String> capsAfter;
        String unknownLocalPart;
        final Map<String, Reply> replies = new LinkedHashMap<>();
        final List<TlsVersionResult> versions = new ArrayList<>();

        Observed(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        EndpointObservation build() {
            if (userProbeFailure != null) {
                replies.putIfAbsent("USER", new Reply("ERROR", List.of(userProbeFailure)));
            }
            return new EndpointObservation(
                    endpoint,
                    Optional.ofNullable(address),
                    Optional.ofNullable(notTestable),
                    Optional.ofNullable(greeting),
                    greetingMillis,
                    Optional.ofNullable(capsBefore),
                    tlsOffered,
                    Optional.ofNullable(tls),
                    Optional.ofNullable(tlsFailure),
                    Optional.ofNullable(capsAfter),
                    replies,
                    versions,
                    transcript.entries(),
                    Optional.ofNullable(unknownLocalPart));
        }
    }
}
