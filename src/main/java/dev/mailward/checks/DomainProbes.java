package dev.mailward.checks;

import dev.mailward.checks.mtasts.MtaStsCheck;
import dev.mailward.checks.mx.MxLookup;
import dev.mailward.checks.rdns.PtrCheck;
import dev.mailward.checks.rdns.PtrCode;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.Protocol;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * The mail server probes of a domain (CHECKS.md "Mail server probes"), as one check family the
 * {@link CheckRunner} runs beside the DNS checks. It finds the endpoints: port 25 of every MX host
 * (at most {@link MxLookup#MAX_HOSTS}; none for a null MX), the RFC 6186/RFC 8314 SRV services
 * ({@code _submission._tcp}, {@code _submissions._tcp}, {@code _imap._tcp}, {@code _imaps._tcp},
 * {@code _pop3._tcp}, {@code _pop3s._tcp}) and ManageSieve ({@code _sieve._tcp}, RFC 5804 §1.8),
 * and the configured ones ({@link CheckOptions#endpoints()}, {@code host:port[/protocol]}); it
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
 * <p>Thread-safe. One instance (and so one {@link EndpointProber}) per scan cycle, shared by all
 * domains of the cycle, so that a host shared by many domains is probed once and politely.
 */
public final class DomainProbes implements RunningCheck {

    /** The port of SMTP between MTAs (RFC 5321 §4.5.4.2 / IANA): where MX hosts are probed. */
    public static final int SMTP_PORT = 25;
    /** SRV targets followed per service at most. */
    static final int MAX_SRV_TARGETS = 10;
    /** Configured endpoints probed at most per domain. */
    static final int MAX_CONFIGURED = 32;

    /** Looks up the PTR of a probed MX address when the ptr family has not (no state: one for all). */
    private static final PtrCheck PTR = new PtrCheck();

    /** The SRV services of RFC 6186 §3, RFC 8314 §5.1 and RFC 5804 §1.8, with their protocols. */
    static final Map<String, Protocol> SRV_SERVICES = srvServices();

    /**
     * An endpoint to probe and where it was found.
     *
     * @param endpoint the endpoint
     * @param source {@code mx}, the SRV owner name (e.g. {@code _imaps._tcp.example.org}) or
     *     {@code configured}
     */
    public record Target(Endpoint endpoint, String source) {
        public boolean isMx() {
            return source.equals("mx");
        }
    }

    /**
     * What discovery found.
     *
     * @param mx the MX lookup
     * @param targets the endpoints to probe, MX first, without duplicates
     * @param findings what could not be discovered or probed, and the summary
     * @param dns every answer discovery used
     */
    public record Discovery(MxLookup.Result mx, List<Target> targets, List<Finding> findings, List<DnsAnswer> dns) {
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
        codes.addAll(List.of(dev.mailward.checks.smtp.SmtpCode.values()));
        codes.addAll(List.of(dev.mailward.checks.mailbox.MailboxCode.values()));
        codes.addAll(List.of(dev.mailward.checks.tls.TlsCode.values()));
        return codes;
    }

    /** The MX endpoint of {@code host} on {@code port} (port 25 outside labs). */
    public static Endpoint mxEndpoint(MxLookup.Host host, int port) {
        return new Endpoint(host.host(), port, host.addresses(), Protocol.SMTP);
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        Instant started = Instant.now();
        Discovery d = discover(context);
        DnsSession side = context.newDnsSession();
        boolean stsEnforce = d.targets().stream().anyMatch(Target::isMx) && mtaStsEnforce(context, side);
        List<CheckResult> results = new ArrayList<>();
        Map<String, Object> found = new LinkedHashMap<>();
        d.targets().forEach(t -> found.put(t.endpoint().target(), t.source() + " " + t.endpoint().protocol()));
        results.add(CheckResult.of(id(), context.domain(), d.findings(),
                Evidence.builder().dns(d.dns()).detail("endpoints", found).detail("mtaStsEnforce", stsEnforce).build(),
                started, Duration.between(started, Instant.now())));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<CheckResult>>> futures = new ArrayList<>();
            for (Target t : d.targets()) {
                boolean strict = t.isMx() && (stsEnforce || secureDaneTa(side, t.endpoint().host()));
                futures.add(pool.submit(() -> probeOne(context, t, strict)));
            }
            for (int i = 0; i < futures.size(); i++) {
                results.addAll(await(futures.get(i), d.targets().get(i), context));
            }
        }
        return results;
    }

    private List<CheckResult> probeOne(CheckContext context, Target t, boolean strictName) {
        List<CheckResult> r = prober.probe(t.endpoint(), context.options(), context.deadline(), strictName);
        if (!t.isMx()) {
            return r;
        }
        Optional<Finding> ptr = ptrVersusBanner(context, t.endpoint());
        if (ptr.isEmpty()) {
            return r;
        }
        List<CheckResult> out = new ArrayList<>();
        for (CheckResult c : r) {
            if (c.check().equals("banner")) {
                List<Finding> f = new ArrayList<>(c.findings());
                f.add(ptr.get());
                out.add(CheckResult.of(c.check(), c.target(), f, c.evidence(), c.checkedAt(), c.elapsed()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private List<CheckResult> await(Future<List<CheckResult>> f, Target t, CheckContext context) {
        try {
            long wait = Math.max(1, Duration.between(Instant.now(), context.deadline()).toMillis() + 1000);
            return f.get(wait, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            f.cancel(true);
            Instant now = Instant.now();
            return EndpointProber.checkIds(t.endpoint()).stream().map(id -> CheckResult.of(id, t.endpoint().target(),
                    List.of(Finding.of(dev.mailward.checks.tls.TlsCode.PROBE_NOT_RUN, Status.ERROR,
                            "probe of " + t.endpoint().target() + " did not complete: " + e)),
                    Evidence.empty(), now, Duration.ZERO)).toList();
        }
    }

    /** Finds the endpoints of the context's domain; never throws for DNS data. */
    public Discovery discover(CheckContext context) {
        String domain = context.domain();
        List<Finding> findings = new ArrayList<>();
        List<DnsAnswer> answers = new ArrayList<>();
        Map<String, Target> targets = new LinkedHashMap<>();

        DnsSession mxDns = context.newDnsSession();
        MxLookup.Result mx = MxLookup.resolve(mxDns, domain);
        answers.addAll(mxDns.answers());
        switch (mx.kind()) {
            case NULL_MX -> findings.add(Finding.of(ProbeCode.PROBE_NULL_MX, Status.NOT_APPLICABLE,
                    domain + " publishes a null MX (RFC 7505): it accepts no mail, so no MX host is probed"));
            case FAILED -> findings.add(Finding.of(ProbeCode.PROBE_MX_LOOKUP_FAILED, Status.ERROR,
                    "MX lookup of " + domain + " failed: " + mx.mxAnswer().outcome()
                            + mx.mxAnswer().error().map(e -> " (" + e + ")").orElse("")));
            default -> {
                for (MxLookup.Host h : mx.hosts()) {
                    Endpoint e = mxEndpoint(h, mxPort);
                    targets.putIfAbsent(e.target(), new Target(e, "mx"));
                }
                if (!mx.notResolved().isEmpty()) {
                    findings.add(Finding.of(ProbeCode.PROBE_MX_NOT_PROBED, Status.NOT_APPLICABLE,
                            mx.notResolved().size() + " MX hosts beyond the first " + MxLookup.MAX_HOSTS
                                    + " are not probed: " + String.join(", ", mx.notResolved())));
                }
            }
        }

        DnsSession srvDns = context.newDnsSession();
        for (Map.Entry<String, Protocol> s : SRV_SERVICES.entrySet()) {
            String owner = s.getKey() + "." + domain;
            DnsAnswer srv = srvDns.lookup(owner, Type.SRV);
            if (srv.isFailure()) {
                findings.add(Finding.of(ProbeCode.PROBE_SRV_LOOKUP_FAILED, Status.ERROR, "SRV lookup of " + owner
                        + " failed: " + srv.outcome() + srv.error().map(e -> " (" + e + ")").orElse("")));
                continue;
            }
            List<SRVRecord> records = srv.recordsOf(SRVRecord.class);
            for (SRVRecord r : records.subList(0, Math.min(records.size(), MAX_SRV_TARGETS))) {
                String host = hostName(r.getTarget().toString());
                if (host.isEmpty()) {
                    // RFC 6186 §4 / RFC 2782: target "." = the service is decidedly not available
                    findings.add(Finding.of(ProbeCode.PROBE_SRV_NOT_OFFERED, Status.NOT_APPLICABLE,
                            owner + " has target \".\": the service is not offered"));
                    continue;
                }
                if (r.getPort() == 0) {
                    continue;
                }
                Endpoint e = new Endpoint(host, r.getPort(), addresses(srvDns, host), s.getValue());
                targets.putIfAbsent(e.target(), new Target(e, owner));
            }
        }
        answers.addAll(srvDns.answers());

        DnsSession extraDns = context.newDnsSession();
        List<String> configured = context.options().endpoints();
        for (String spec : configured.subList(0, Math.min(configured.size(), MAX_CONFIGURED))) {
            try {
                ParsedEndpoint p = parseEndpoint(spec);
                List<InetAddress> addrs = p.literal().map(List::of).orElseGet(() -> addresses(extraDns, p.host()));
                Endpoint e = new Endpoint(p.host(), p.port(), addrs, p.protocol());
                targets.putIfAbsent(e.target(), new Target(e, "configured"));
            } catch (IllegalArgumentException e) {
                findings.add(Finding.of(ProbeCode.PROBE_ENDPOINT_INVALID, Status.ERROR, e.getMessage()));
            }
        }
        answers.addAll(extraDns.answers());

        if (targets.isEmpty()) {
            findings.add(Finding.of(ProbeCode.PROBE_NO_ENDPOINTS, Status.NOT_APPLICABLE,
                    "no MX host, SRV service or configured endpoint to probe for " + domain));
        } else {
            findings.add(Finding.of(ProbeCode.PROBE_ENDPOINTS_FOUND, Status.NOT_APPLICABLE, targets.size()
                    + " endpoints probed: " + String.join(", ", targets.keySet())));
        }
        return new Discovery(mx, List.copyOf(targets.values()), findings, answers);
    }

    /** A parsed {@code host:port[/protocol]}. */
    record ParsedEndpoint(String host, int port, Protocol protocol, Optional<InetAddress> literal) {
    }

    /**
     * Parses a configured endpoint {@code host:port}, {@code [v6]:port} or either with
     * {@code /protocol} (smtp, submission, submissions, imap, imaps, pop3, pop3s, sieve); without
     * a protocol it follows the port ({@link Protocol#forPort}).
     */
    static ParsedEndpoint parseEndpoint(String spec) {
        String s = spec.strip();
        if (s.length() > 300) {
            throw new IllegalArgumentException("endpoint '" + s.substring(0, 40) + "…' is too long");
        }
        Optional<Protocol> protocol = Optional.empty();
        int slash = s.lastIndexOf('/');
        if (slash > 0) {
            String p = s.substring(slash + 1).toLowerCase(Locale.ROOT);
            protocol = Optional.of(switch (p) {
                case "sieve", "managesieve" -> Protocol.MANAGESIEVE;
                default -> {
                    try {
                        yield Protocol.valueOf(p.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("endpoint '" + spec + "': unknown protocol '" + p + "'");
                    }
                }
            });
            s = s.substring(0, slash);
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("endpoint '" + spec + "' is not [address]:port");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("endpoint '" + spec + "' is not host:port");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("endpoint '" + spec + "': port '" + port + "' is not 1..65535");
        }
        int portNumber = n;
        String bare = s;
        Protocol proto = protocol.or(() -> Protocol.forPort(portNumber)).orElseThrow(() -> new IllegalArgumentException(
                "endpoint '" + spec + "': no protocol is known for port " + portNumber
                        + "; add one, e.g. " + bare + "/submission"));
        Optional<InetAddress> literal = Optional.empty();
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                literal = Optional.of(InetAddress.ofLiteral(host));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint '" + spec + "': '" + host + "' is not an IP address");
            }
        } else {
            try {
                host = dev.mailward.dns.DomainName.parse(host).ascii();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint '" + spec + "': " + e.getMessage());
            }
        }
        return new ParsedEndpoint(host.toLowerCase(Locale.ROOT), portNumber, proto, literal);
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

    /** Whether the domain's MTA-STS policy is in enforce mode; fetched only when a record exists. */
    private boolean mtaStsEnforce(CheckContext context, DnsSession dns) {
        DnsAnswer txt = dns.lookup("_mta-sts." + context.domain(), Type.TXT);
        if (txt.txtJoined().stream().noneMatch(t -> t.regionMatches(true, 0, "v=STSv1", 0, 7))) {
            return false;
        }
        // the mta-sts family's fetch when it runs in this domain run, else one of our own
        MtaStsCheck sts = new MtaStsCheck(mtaStsHttpsPort);
        return context.observations().mtaSts(mtaStsHttpsPort, context.deadline(), () -> sts.observeNow(context))
                .flatMap(MtaStsCheck::policyMode).filter("enforce"::equals).isPresent();
    }

    /** Whether {@code host} has a DNSSEC-secure DANE-TA(2) TLSA record at {@code _25._tcp}. */
    private static boolean secureDaneTa(DnsSession dns, String host) {
        DnsAnswer tlsa = dns.lookup("_25._tcp." + host, Type.TLSA);
        return tlsa.dnssec() == DnssecStatus.SECURE
                && tlsa.recordsOf(TLSARecord.class).stream().anyMatch(r -> r.getCertificateUsage() == 2);
    }

    /**
     * Compares the name in an MX's greeting with the PTR names of the address probed (CHECKS.md
     * "rdns / reputation": WARN when they differ). Nothing when there is no greeting or no PTR
     * (the ptr check reports a missing PTR).
     */
    private Optional<Finding> ptrVersusBanner(CheckContext context, Endpoint endpoint) {
        Optional<EndpointObservation> o;
        try {
            o = prober.observe(endpoint, context.options(), context.deadline());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (o.isEmpty() || o.get().address().isEmpty() || o.get().greeting().isEmpty()
                || o.get().greeting().get().lines().isEmpty()) {
            return Optional.empty();
        }
        String first = o.get().greeting().get().lines().getFirst();
        String[] words = first.length() > 4 ? first.substring(4).strip().split("\\s+") : new String[0];
        if (words.length == 0 || words[0].isEmpty()) {
            return Optional.empty();
        }
        String bannerName = hostName(words[0]);
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(o.get().address().get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the ptr family's lookup when it runs in this domain run, else one of our own
        List<String> names = context.observations()
                .ptr(address, context.deadline(), () -> PTR.observe(context, address))
                .map(p -> p.names().stream().map(DomainProbes::hostName).toList()).orElse(List.of());
        if (names.isEmpty() || names.contains(bannerName)) {
            return Optional.empty();
        }
        // RFC 5321 §4.1.3/§4.3.1: the greeting names the server; receivers compare it with rDNS
        return Optional.of(Finding.of(PtrCode.PTR_EHLO_MISMATCH, Status.WARN, "the banner of "
                + endpoint.target() + " names '" + bannerName + "' but the PTR of " + address.getHostAddress()
                + " is " + String.join(", ", names)));
    }

    private static Map<String, Protocol> srvServices() {
        Map<String, Protocol> m = new LinkedHashMap<>();
        m.put("_submission._tcp", Protocol.SUBMISSION);
        m.put("_submissions._tcp", Protocol.SUBMISSIONS);
        m.put("_imap._tcp", Protocol.IMAP);
        m.put("_imaps._tcp", Protocol.IMAPS);
        m.put("_pop3._tcp", Protocol.POP3);
        m.put("_pop3s._tcp", Protocol.POP3S);
        m.put("_sieve._tcp", Protocol.MANAGESIEVE);
        return java.util.Collections.unmodifiableMap(m);
    }
}
