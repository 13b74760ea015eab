package dev.mailward.checks;

import dev.mailward.checks.mailbox.MailboxCode;
import dev.mailward.checks.mtasts.MtaStsCheck;
import dev.mailward.checks.mtasts.MtaStsObservation;
import dev.mailward.checks.rdns.PtrCheck;
import dev.mailward.checks.rdns.PtrCode;
import dev.mailward.checks.rdns.PtrObservation;
import dev.mailward.checks.smtp.SmtpCode;
import dev.mailward.checks.tls.RelayTlsPolicy;
import dev.mailward.checks.tls.TlsCode;
import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.ConfiguredEndpoint;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.EndpointOrigin;
import dev.mailward.probe.EndpointSpec;
import dev.mailward.probe.MailDiscovery;
import dev.mailward.probe.Protocol;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * The mail server probes of a domain (CHECKS.md "Mail server probes"), as one check family the
 * {@link CheckRunner} runs beside the DNS checks. It finds the endpoints with the one discovery,
 * {@link MailDiscovery}: port 25 of every MX host (at most
 * {@link MailDiscovery#MAX_HOSTS_PER_SERVICE}; none for a null MX) and the targets of the SRV services
 * of {@link Protocol} (RFC 6186, RFC 8314, RFC 5804 §1.8; at most
 * {@link MailDiscovery#MAX_HOSTS_PER_SERVICE} per service); and the configured ones
 * ({@link CheckOptions#endpoints()}, typed {@link EndpointSpec}s, at most {@value #MAX_CONFIGURED}); it
 * probes each through the shared {@link EndpointProber} and returns the endpoints' results
 * (target {@code host:port}) plus one {@code endpoints} result for the domain saying what was
 * found and what could not be probed.
 *
 * <p>The certificate name check on an MX is strict (mismatch = FAIL) when the domain's MTA-STS
 * policy is in {@code enforce} mode (RFC 8461 §4.2; learnt from the {@code _mta-sts} TXT record
 * and, only when one exists, the policy fetch of {@link MtaStsCheck}) or when the MX host has a
 * DNSSEC-secure DANE-TA(2) TLSA record (RFC 7672 §3.2.3). The banner of each MX is compared with
 * the PTR name of the address probed ({@code PTR_EHLO_MISMATCH}, a WARN added to its
 * {@code banner} result). The policy and the PTR names are those the {@code mta-sts} and
 * {@code ptr} families observe in the same domain run ({@link RunObservations}); without those
 * families in the run, this family observes them itself, once.
 *
 * <p>Observe ({@link #observe}) does the network I/O: discovery, the TLSA and MTA-STS facts, every
 * probe and the PTR lookups, into an {@link EndpointsObservation}; {@link #analyse} judges it without
 * network or clock.
 *
 * <p>Thread-safe. One instance (and so one {@link EndpointProber}) per scan cycle, shared by all
 * domains of the cycle, so that a host shared by many domains is probed once and politely.
 */
public final class DomainProbes implements Check<EndpointsObservation> {

    /** The port of SMTP between MTAs (RFC 5321 §4.5.4.2 / IANA): where MX hosts are probed. */
    public static final int SMTP_PORT = 25;
    /** Configured endpoints probed at most per domain. */
    static final int MAX_CONFIGURED = 32;

    /** Looks up the PTR of a probed MX address when the ptr family has not (no state: one for all). */
    private static final PtrCheck PTR = new PtrCheck();

    /**
     * An endpoint to probe and where it was found.
     *
     * @param endpoint the endpoint
     * @param origin the MX set, the SRV record or the configuration that named it
     */
    public record Target(Endpoint endpoint, EndpointOrigin origin) {
        public boolean isMx() {
            return origin.isMx();
        }
    }

    /**
     * What discovery found.
     *
     * @param domain the domain
     * @param mx the MX set
     * @param srv the SRV services
     * @param targets the endpoints to probe, MX first, without duplicates
     * @param unreadable why configured endpoint texts could not be read
     * @param dns every answer discovery used, as the evidence lists them ({@link Evidence#distinct})
     */
    public record Discovery(
            String domain,
            MailDiscovery.MxSet mx,
            List<MailDiscovery.SrvService> srv,
            List<Target> targets,
            List<String> unreadable,
            List<DnsAnswer> dns) {

        /** What could not be discovered or probed, and the summary (the {@code endpoints} result's findings). */
        public List<Finding> findings() {
            return discoveryFindings(
                    domain,
                    mx,
                    srv,
                    unreadable,
                    targets.stream().map(t -> t.endpoint().target()).toList());
        }
    }

    private final EndpointProber prober;
    private final int mxPort;
    private final int mtaStsHttpsPort;

    /** Production: MX hosts on port 25, MTA-STS policies on 443. */
    public DomainProbes(EndpointProber prober) {
        this(prober, SMTP_PORT, 443);
    }

    /**
     * For labs and tests only: MX hosts are probed on {@code mxPort} instead of 25 (the TLSA
     * name stays {@code _25._tcp}, since senders always deliver to 25) and the MTA-STS policy is
     * fetched from {@code mtaStsHttpsPort}.
     */
    public DomainProbes(EndpointProber prober, int mxPort, int mtaStsHttpsPort) {
        if (mxPort < 1 || mxPort > 65535 || mtaStsHttpsPort < 1 || mtaStsHttpsPort > 65535) {
            throw new IllegalArgumentException("ports must be 1..65535, not " + mxPort + "/" + mtaStsHttpsPort);
        }
        this.prober = prober;
        this.mxPort = mxPort;
        this.mtaStsHttpsPort = mtaStsHttpsPort;
    }

    public EndpointProber prober() {
        return prober;
    }

    /** The port MX hosts are probed on (25 except in labs). */
    public int mxPort() {
        return mxPort;
    }

    @Override
    public String id() {
        return "endpoints";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.ENDPOINT;
    }

    @Override
    public List<FindingCode> codes() {
        List<FindingCode> codes = new ArrayList<>(List.of(ProbeCode.values()));
        codes.addAll(List.of(SmtpCode.values()));
        codes.addAll(List.of(MailboxCode.values()));
        codes.addAll(List.of(TlsCode.values()));
        return codes;
    }

    @Override
    public Class<EndpointsObservation> observationType() {
        return EndpointsObservation.class;
    }

    /** The MX endpoint of {@code host} on {@code port} (port 25 outside labs). */
    public static Endpoint mxEndpoint(MailDiscovery.Host host, int port) {
        return new Endpoint(host.host(), port, host.addresses(), Protocol.SMTP);
    }

    @Override
    public EndpointsObservation observe(CheckContext context) {
        Instant started = Instant.now();
        Discovery d = discover(context);
        DnsSession side = context.newDnsSession();
        Optional<MtaStsObservation> sts =
                d.targets().stream().anyMatch(Target::isMx) ? mtaSts(context, side) : Optional.empty();
        Duration discovery = Duration.between(started, Instant.now());
        List<EndpointsObservation.ProbedTarget> probed = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<EndpointsObservation.ProbedTarget>> futures = new ArrayList<>();
            for (Target t : d.targets()) {
                Optional<DnsAnswer> tlsa = t.isMx()
                        ? Optional.of(side.lookup("_25._tcp." + t.endpoint().host(), Type.TLSA))
                        : Optional.empty();
                futures.add(pool.submit(() -> probeOne(context, t, tlsa)));
            }
            for (int i = 0; i < futures.size(); i++) {
                probed.add(await(futures.get(i), d.targets().get(i), context));
            }
        }
        return new EndpointsObservation(
                context.domain(), started, discovery, d.mx(), d.srv(), d.unreadable(), d.dns(), sts, probed);
    }

    @Override
    public List<CheckResult> analyse(EndpointsObservation o) {
        boolean stsEnforce = o.mtaSts()
                .flatMap(MtaStsCheck::policyMode)
                .filter("enforce"::equals)
                .isPresent();
        List<CheckResult> results = new ArrayList<>();
        Map<String, Object> found = new LinkedHashMap<>();
        o.targets()
                .forEach(t -> found.put(
                        t.endpoint().target(),
                        t.origin().label() + " " + t.endpoint().protocol()));
        List<Finding> findings = discoveryFindings(
                o.domain(), o.mx(), o.srv(), o.unreadableEndpoints(), new ArrayList<>(found.keySet()));
        results.add(CheckResult.of(
                id(),
                o.domain(),
                findings,
                Evidence.builder()
                        .dns(o.dns())
                        .detail("endpoints", found)
                        .detail("mtaStsEnforce", stsEnforce)
                        .build(),
                o.started(),
                o.elapsed()));
        for (EndpointsObservation.ProbedTarget t : o.targets()) {
            RelayTlsPolicy relay = t.isMx()
                    ? new RelayTlsPolicy(
                            stsEnforce,
                            t.daneTlsa().filter(x -> secureDane(x, 2, 3)).isPresent(),
                            t.daneTlsa().filter(x -> secureDane(x, 2)).isPresent())
                    : RelayTlsPolicy.OPPORTUNISTIC;
            List<CheckResult> r = EndpointProber.analyse(t.probe(), relay);
            Optional<Finding> ptr = t.isMx() ? ptrVersusBanner(t) : Optional.empty();
            if (ptr.isEmpty()) {
                results.addAll(r);
                continue;
            }
            for (CheckResult c : r) {
                if (c.check().equals("banner")) {
                    List<Finding> f = new ArrayList<>(c.findings());
                    f.add(ptr.get());
                    results.add(CheckResult.of(c.check(), c.target(), f, c.evidence(), c.checkedAt(), c.elapsed()));
                } else {
                    results.add(c);
                }
            }
        }
        return results;
    }

    /** Probes one target; for an MX that greeted, learns the PTR names of the address probed. */
    private EndpointsObservation.ProbedTarget probeOne(CheckContext context, Target t, Optional<DnsAnswer> tlsa) {
        ProbedEndpoint p = prober.observeEndpoint(t.endpoint(), context.options(), context.deadline());
        Optional<PtrObservation.Address> ptr = t.isMx() ? p.session().flatMap(s -> ptr(context, s)) : Optional.empty();
        return new EndpointsObservation.ProbedTarget(t.origin(), tlsa, ptr, p);
    }

    private EndpointsObservation.ProbedTarget await(
            Future<EndpointsObservation.ProbedTarget> f, Target t, CheckContext context) {
        try {
            long wait = Math.max(
                    1, Duration.between(Instant.now(), context.deadline()).toMillis() + 1000);
            return f.get(wait, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            f.cancel(true);
            return new EndpointsObservation.ProbedTarget(
                    t.origin(),
                    Optional.empty(),
                    Optional.empty(),
                    ProbedEndpoint.notRun(
                            t.endpoint(),
                            Instant.now(),
                            Duration.ZERO,
                            "probe of " + t.endpoint().target() + " did not complete: " + e));
        }
    }

    /** Finds the endpoints of the context's domain; never throws for DNS data. */
    public Discovery discover(CheckContext context) {
        String domain = context.domain();
        List<DnsAnswer> answers = new ArrayList<>();
        Map<String, Target> targets = new LinkedHashMap<>();

        DnsSession mxDns = context.newDnsSession();
        MailDiscovery.MxSet mx = MailDiscovery.mx(mxDns, domain);
        answers.addAll(mxDns.answers());
        if (mx.kind() != MailDiscovery.MxKind.NULL_MX && mx.kind() != MailDiscovery.MxKind.FAILED) {
            for (MailDiscovery.Host h : mx.hosts()) {
                Endpoint e = mxEndpoint(h, mxPort);
                targets.putIfAbsent(e.target(), new Target(e, EndpointOrigin.MX));
            }
        }

        DnsSession srvDns = context.newDnsSession();
        List<MailDiscovery.SrvService> services = MailDiscovery.srv(srvDns, domain);
        for (MailDiscovery.SrvService service : services) {
            for (MailDiscovery.SrvRecord r : service.records()) {
                r.target().ifPresent(h -> {
                    Endpoint e = new Endpoint(h.host(), r.port(), h.addresses(), service.protocol());
                    targets.putIfAbsent(e.target(), new Target(e, EndpointOrigin.srv(service.owner())));
                });
            }
        }
        answers.addAll(srvDns.answers());

        DnsSession extraDns = context.newDnsSession();
        List<String> unreadable = new ArrayList<>();
        List<ConfiguredEndpoint> configured = context.options().endpoints();
        for (ConfiguredEndpoint c : configured.subList(0, Math.min(configured.size(), MAX_CONFIGURED))) {
            switch (c) {
                case EndpointSpec spec -> {
                    List<InetAddress> addrs =
                            spec.literal().map(List::of).orElseGet(() -> addresses(extraDns, spec.host()));
                    Endpoint e = spec.resolved(addrs);
                    targets.putIfAbsent(e.target(), new Target(e, spec.origin()));
                }
                case ConfiguredEndpoint.Unreadable u -> unreadable.add(u.reason());
            }
        }
        answers.addAll(extraDns.answers());
        return new Discovery(
                domain, mx, services, List.copyOf(targets.values()), unreadable, Evidence.distinct(answers));
    }

    /** The {@code endpoints} result's findings: what could not be discovered or probed, and the summary. */
    static List<Finding> discoveryFindings(
            String domain,
            MailDiscovery.MxSet mx,
            List<MailDiscovery.SrvService> srv,
            List<String> unreadable,
            List<String> targets) {
        List<Finding> findings = new ArrayList<>();
        switch (mx.kind()) {
            case NULL_MX ->
                findings.add(Finding.of(
                        ProbeCode.PROBE_NULL_MX,
                        Status.NOT_APPLICABLE,
                        domain + " publishes a null MX (RFC 7505): it accepts no mail, so no MX host is probed"));
            case FAILED ->
                findings.add(Finding.of(
                        ProbeCode.PROBE_MX_LOOKUP_FAILED,
                        Status.ERROR,
                        "the MX lookup of " + domain + " " + DnsWords.failure(mx.mxAnswer())
                                + "; no MX host is probed"));
            default -> {
                if (!mx.notResolved().isEmpty()) {
                    findings.add(Finding.of(
                            ProbeCode.PROBE_MX_NOT_PROBED,
                            Status.NOT_APPLICABLE,
                            mx.notResolved().size() + " MX hosts beyond the first "
                                    + MailDiscovery.MAX_HOSTS_PER_SERVICE + " are not probed: "
                                    + String.join(", ", mx.notResolved())));
                }
            }
        }
        for (MailDiscovery.SrvService service : srv) {
            DnsAnswer answer = service.answer();
            if (answer.isFailure()) {
                findings.add(Finding.of(
                        ProbeCode.PROBE_SRV_LOOKUP_FAILED,
                        Status.ERROR,
                        "the SRV lookup of " + service.owner() + " " + DnsWords.failure(answer)));
                continue;
            }
            for (MailDiscovery.SrvRecord r : service.records()) {
                if (r.notOffered()) {
                    // RFC 6186 §4 / RFC 2782: target "." = the service is decidedly not available
                    findings.add(Finding.of(
                            ProbeCode.PROBE_SRV_NOT_OFFERED,
                            Status.NOT_APPLICABLE,
                            service.owner() + " has target \".\": the service is not offered"));
                }
            }
        }
        for (String reason : unreadable) {
            findings.add(Finding.of(ProbeCode.PROBE_ENDPOINT_INVALID, Status.ERROR, reason));
        }
        if (targets.isEmpty()) {
            findings.add(Finding.of(
                    ProbeCode.PROBE_NO_ENDPOINTS,
                    Status.NOT_APPLICABLE,
                    "no MX host, SRV service or configured endpoint to probe for " + domain));
        } else {
            findings.add(Finding.of(
                    ProbeCode.PROBE_ENDPOINTS_FOUND,
                    Status.NOT_APPLICABLE,
                    targets.size() + " endpoints probed: " + String.join(", ", targets)));
        }
        return findings;
    }

    private static List<InetAddress> addresses(DnsSession dns, String host) {
        Set<InetAddress> out = new LinkedHashSet<>(dns.lookup(host, Type.A).addresses());
        out.addAll(dns.lookup(host, Type.AAAA).addresses());
        return List.copyOf(out);
    }

    private static String hostName(String absolute) {
        String n = absolute.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The domain's MTA-STS observation; the policy is fetched only when a record exists. */
    private Optional<MtaStsObservation> mtaSts(CheckContext context, DnsSession dns) {
        DnsAnswer txt = dns.lookup("_mta-sts." + context.domain(), Type.TXT);
        if (txt.txtJoined().stream().noneMatch(t -> t.regionMatches(true, 0, "v=STSv1", 0, 7))) {
            return Optional.empty();
        }
        // the mta-sts family's fetch when it runs in this domain run, else one of our own
        MtaStsCheck sts = new MtaStsCheck(mtaStsHttpsPort);
        return context.observations().mtaSts(mtaStsHttpsPort, context.deadline(), () -> sts.observeNow(context));
    }

    /** Whether a TLSA answer holds a DNSSEC-secure DANE-TA(2) record. */
    /** Whether {@code tlsa} is DNSSEC-secure and holds a record of one of {@code usages} (RFC 7672 §3.1). */
    private static boolean secureDane(DnsAnswer tlsa, int... usages) {
        return tlsa.dnssec() == DnssecStatus.SECURE
                && tlsa.recordsOf(TLSARecord.class).stream()
                        .anyMatch(r -> Arrays.stream(usages).anyMatch(u -> u == r.getCertificateUsage()));
    }

    /**
     * The PTR observation of the address an MX session reached, when it greeted: the ptr family's
     * lookup when it runs in this domain run, else one of our own. Empty when there is nothing to compare.
     */
    private static Optional<PtrObservation.Address> ptr(CheckContext context, EndpointObservation o) {
        if (o.address().isEmpty()
                || o.greeting().isEmpty()
                || o.greeting().get().lines().isEmpty()) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(o.address().get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return context.observations().ptr(address, context.deadline(), () -> PTR.observe(context, address));
    }

    /**
     * Compares the name in an MX's greeting with the PTR names of the address probed (CHECKS.md
     * "rdns / reputation": WARN when they differ). Nothing when there is no greeting or no PTR
     * (the ptr check reports a missing PTR).
     */
    private static Optional<Finding> ptrVersusBanner(EndpointsObservation.ProbedTarget t) {
        Optional<EndpointObservation> o = t.probe().session();
        if (o.isEmpty()
                || o.get().address().isEmpty()
                || o.get().greeting().isEmpty()
                || o.get().greeting().get().lines().isEmpty()) {
            return Optional.empty();
        }
        String first = o.get().greeting().get().lines().getFirst();
        String[] words = first.length() > 4 ? first.substring(4).strip().split("\\s+") : new String[0];
        if (words.length == 0 || words[0].isEmpty()) {
            return Optional.empty();
        }
        String bannerName = hostName(words[0]);
        List<String> names = t.ptr()
                .map(p -> p.names().stream().map(DomainProbes::hostName).toList())
                .orElse(List.of());
        if (names.isEmpty() || names.contains(bannerName)) {
            return Optional.empty();
        }
        // RFC 5321 §4.1.3/§4.3.1: the greeting names the server; receivers compare it with rDNS
        return Optional.of(Finding.of(
                PtrCode.PTR_EHLO_MISMATCH,
                Status.WARN,
                "the banner of "
                        + t.endpoint().target() + " names '" + bannerName + "' but the PTR of " + address(o.get())
                        + " is " + String.join(", ", names)));
    }

    private static String address(EndpointObservation o) {
        try {
            return AddressText.of(InetAddress.ofLiteral(o.address().orElseThrow()));
        } catch (IllegalArgumentException e) {
            return o.address().orElseThrow();
        }
    }
}
