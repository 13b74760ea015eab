package dev.mailward.checks;

import dev.mailward.checks.mailbox.MailboxChecks;
import dev.mailward.checks.smtp.SmtpChecks;
import dev.mailward.checks.tls.ProbeEvidence;
import dev.mailward.checks.tls.RelayTlsPolicy;
import dev.mailward.checks.tls.TlsChecks;
import dev.mailward.checks.tls.TlsCode;
import dev.mailward.probe.AddressLimiter;
import dev.mailward.probe.CertificateFacts;
import dev.mailward.probe.ChainCause;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.MailProber;
import dev.mailward.probe.ProbeSettings;
import dev.mailward.probe.SessionLimits;
import dev.mailward.probe.TrustStores;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.X509TrustManager;

/**
 * Probes mail server endpoints (MX port 25, SRV submission/IMAP/POP3/ManageSieve endpoints,
 * configured ones) and returns one {@link CheckResult} per check id and endpoint target
 * {@code host:port} (CHECKS.md "Results"). One instance is meant to live for one scan cycle: it
 * caches observations per (address, port, protocol) so that a host shared by many domains is
 * probed once, and its {@link AddressLimiter} keeps at most N sessions per destination address.
 * Thread-safe; starts no threads (callers bring their own concurrency).
 */
public final class EndpointProber {

    private final SessionLimits limits;
    private final AddressLimiter limiter;
    private final boolean scanVersions;
    private final ConcurrentHashMap<String, CompletableFuture<EndpointObservation>> cache = new ConcurrentHashMap<>();

    public EndpointProber(SessionLimits limits, AddressLimiter limiter, boolean scanVersions) {
        this.limits = limits;
        this.limiter = limiter;
        this.scanVersions = scanVersions;
    }

    /** Default bounds, one session per address, every TLS version tried. */
    public static EndpointProber forOneCycle() {
        return new EndpointProber(SessionLimits.defaults(), AddressLimiter.oneAtATime(), true);
    }

    /**
     * Probes {@code endpoint} (or reuses this cycle's observation of the same address and port)
     * and judges it. Never throws for network data: what could not be measured is {@code ERROR}.
     */
    public List<CheckResult> probe(Endpoint endpoint, CheckOptions options, Instant deadline) {
        return probe(endpoint, options, deadline, RelayTlsPolicy.OPPORTUNISTIC);
    }

    /**
     * As {@link #probe(Endpoint, CheckOptions, Instant)}, with what senders require of the
     * certificate on port 25 ({@code relay}: DANE, MTA-STS enforce).
     */
    public List<CheckResult> probe(Endpoint endpoint, CheckOptions options, Instant deadline, RelayTlsPolicy relay) {
        return analyse(observeEndpoint(endpoint, options, deadline), relay);
    }

    /**
     * The observe stage for one endpoint: this cycle's observation of it (probed now, or the one
     * already made for the same address, port and protocol) with the chain judged against the
     * trust store of {@code options} at this moment. Never throws for network data: a probe that
     * cannot run says why.
     */
    public ProbedEndpoint observeEndpoint(Endpoint endpoint, CheckOptions options, Instant deadline) {
        Instant started = Instant.now();
        X509TrustManager trust;
        try {
            trust = TrustStores.trustManager(options.caBundle());
        } catch (IllegalArgumentException e) {
            return ProbedEndpoint.notRun(endpoint, started, since(started), "CA bundle unusable: " + e.getMessage());
        }
        ProbeSettings settings;
        try {
            settings = new ProbeSettings(
                    options.targetPolicy(),
                    limits,
                    trust,
                    options.ehloName(),
                    options.mailFrom(),
                    options.relayTestRecipient(),
                    scanVersions);
        } catch (IllegalArgumentException e) {
            return ProbedEndpoint.notRun(
                    endpoint, started, since(started), "probe settings invalid: " + e.getMessage());
        }
        EndpointObservation o;
        try {
            o = observe(endpoint, settings, deadline);
        } catch (RuntimeException e) {
            return ProbedEndpoint.notRun(endpoint, started, since(started), "probe failed: " + e);
        }
        List<X509Certificate> chain = TlsChecks.chain(o);
        Optional<String> chainProblem =
                chain.isEmpty() ? Optional.empty() : CertificateFacts.chainProblem(chain, trust);
        Optional<ChainCause> chainCause = chainProblem.map(p -> CertificateFacts.chainCause(chain, trust));
        return new ProbedEndpoint(
                endpoint, started, since(started), Optional.of(o), Optional.empty(), chainProblem, chainCause);
    }

    private static Duration since(Instant started) {
        return Duration.between(started, Instant.now());
    }

    /**
     * This cycle's observation of {@code endpoint}: probed now, or the one already made (or in
     * progress) for the same address, port and protocol. Families that judge the same session
     * differently (dane) use this so that a server is handshaken with once per cycle. Empty when
     * the probe settings cannot be built from {@code options} (the probe results say why).
     */
    public Optional<EndpointObservation> observe(Endpoint endpoint, CheckOptions options, Instant deadline) {
        try {
            X509TrustManager trust = TrustStores.trustManager(options.caBundle());
            ProbeSettings settings = new ProbeSettings(
                    options.targetPolicy(),
                    limits,
                    trust,
                    options.ehloName(),
                    options.mailFrom(),
                    options.relayTestRecipient(),
                    scanVersions);
            return Optional.of(observe(endpoint, settings, deadline));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private EndpointObservation observe(Endpoint endpoint, ProbeSettings settings, Instant deadline) {
        Optional<InetAddress> address =
                MailProber.chooseAddress(endpoint, settings.targetPolicy()).value();
        if (address.isEmpty()) {
            return new MailProber(settings, limiter).observe(endpoint, deadline);
        }
        String key = address.get().getHostAddress() + "|" + endpoint.port() + "|" + endpoint.protocol();
        CompletableFuture<EndpointObservation> mine = new CompletableFuture<>();
        CompletableFuture<EndpointObservation> existing = cache.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(new MailProber(settings, limiter).observe(endpoint, deadline));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
            existing = mine;
        }
        return existing.join();
    }

    /**
     * The judge stage for one endpoint, pure: a probe that could not run is {@code ERROR}
     * ({@code PROBE_NOT_RUN}) for every check id; otherwise the session is judged
     * ({@link #judge}), certificates at the moment the probe ended.
     *
     * @param relay what senders require of the certificate on port 25 (DANE, MTA-STS enforce)
     */
    public static List<CheckResult> analyse(ProbedEndpoint probed, RelayTlsPolicy relay) {
        Endpoint endpoint = probed.endpoint();
        if (probed.session().isEmpty()) {
            String why = probed.notRun().orElseThrow();
            return checkIds(endpoint).stream()
                    .map(id -> CheckResult.of(
                            id,
                            endpoint.target(),
                            List.of(Finding.of(TlsCode.PROBE_NOT_RUN, Status.ERROR, why)),
                            Evidence.empty(),
                            probed.started(),
                            probed.elapsed()))
                    .toList();
        }
        return judge(
                endpoint,
                probed.session().get(),
                probed.chainProblem(),
                probed.chainCause(),
                relay,
                probed.observedAt(),
                probed.started(),
                probed.elapsed());
    }

    /**
     * The pure judgement of an observation. An endpoint whose addresses the target policy refused
     * was never contacted: every check is ERROR ({@code PROBE_NOT_RUN}, naming the refusal and the
     * setting that allows it), never a verdict.
     *
     * @param chainProblem why the presented chain does not validate, as judged when probed
     * @param chainCause what {@code chainProblem} amounts to, as judged when probed
     * @param relay what senders require of the certificate on port 25 (DANE, MTA-STS enforce)
     * @param now the moment certificate validity is judged at
     */
    public static List<CheckResult> judge(
            Endpoint endpoint,
            EndpointObservation o,
            Optional<String> chainProblem,
            Optional<ChainCause> chainCause,
            RelayTlsPolicy relay,
            Instant now,
            Instant checkedAt,
            Duration elapsed) {
        if (o.refusedByPolicy()) {
            Evidence ev = ProbeEvidence.session(o).build();
            String why = o.notTestable().orElse("not contacted: the target policy refuses " + endpoint.host());
            return checkIds(endpoint).stream()
                    .map(id -> CheckResult.of(
                            id,
                            endpoint.target(),
                            List.of(Finding.of(TlsCode.PROBE_NOT_RUN, Status.ERROR, why)),
                            ev,
                            checkedAt,
                            elapsed))
                    .toList();
        }
        List<CheckResult> results = new ArrayList<>();
        if (endpoint.protocol().isSmtp()) {
            results.addAll(SmtpChecks.judge(endpoint, o, checkedAt, elapsed));
        } else {
            results.addAll(MailboxChecks.judge(endpoint, o, checkedAt, elapsed));
        }
        results.addAll(TlsChecks.judge(endpoint, o, chainProblem, chainCause, relay, now, checkedAt, elapsed));
        return results;
    }

    /** The check ids reported for {@code endpoint}, in order. */
    public static List<String> checkIds(Endpoint endpoint) {
        List<String> ids = new ArrayList<>();
        boolean implicit = endpoint.protocol().implicitTls();
        ids.add(implicit ? "implicit-tls" : "starttls");
        if (endpoint.protocol().isSmtp()) {
            ids.addAll(List.of("auth-before-tls", "open-relay", "vrfy", "expn", "banner"));
        } else {
            if (!implicit) {
                ids.add("auth-before-tls");
            }
            ids.add("banner");
        }
        ids.addAll(List.of("tls-versions", "tls-ciphers", "certificate"));
        return ids;
    }
}
