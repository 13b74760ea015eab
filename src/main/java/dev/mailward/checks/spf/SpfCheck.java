package dev.mailward.checks.spf;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.LiveJudgements;
import dev.mailward.checks.LiveJudgements.Judgement;
import dev.mailward.checks.RecordedDns;
import dev.mailward.checks.Status;
import dev.mailward.checks.TargetKind;
import dev.mailward.checks.spf.SpfDns.Kind;
import dev.mailward.checks.spf.SpfDns.Lookup;
import dev.mailward.checks.spf.SpfDns.MxHost;
import dev.mailward.dns.DnsSession;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code spf} check (CHECKS.md "spf", RFC 7208) for a domain: the policy analysis (record
 * selection, syntax, resolved include/redirect tree with lookup counts, {@code all}, ptr, sizes,
 * loops) and real {@code check_host()} evaluations: one from an address no policy should list
 * (192.0.2.1, TEST-NET-1, RFC 5737) to walk every term and meet the void/MX limits, and one per MX
 * address (up to 10) to see whether the domain's MX hosts may send as the domain. Stateless but
 * for a cache of its judgements ({@link LiveJudgements}): {@link #analyse} of the very observation
 * {@link #observe} returned reuses the live walk's judgement instead of walking the tree again.
 */
public final class SpfCheck implements Check<SpfObservation> {

    /** Addresses of MX hosts evaluated at most. */
    static final int MAX_MX_ADDRESSES = 10;
    /** The probe address: never legitimately authorised (RFC 5737 documentation range). */
    static final String PROBE_ADDRESS = "192.0.2.1";

    private final Clock clock;
    /** What the live walks judged, by observation (identity). Package-private for tests. */
    final LiveJudgements<SpfObservation, Judgement> live = new LiveJudgements<>();

    public SpfCheck() {
        this(Clock.systemUTC());
    }

    SpfCheck(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "spf";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DOMAIN;
    }

    @Override
    public List<SpfCode> codes() {
        return List.of(SpfCode.values());
    }

    @Override
    public Class<SpfObservation> observationType() {
        return SpfObservation.class;
    }

    /**
     * Walks the policy and runs the evaluations against the network to learn the answers the
     * evaluation tree needs; what that walk judged is {@link #analyse}'s for this very
     * observation, which judges any other one over its answers.
     */
    @Override
    public SpfObservation observe(CheckContext context) {
        Instant started = clock.instant();
        DnsSession session = context.newDnsSession();
        Optional<String> failure = Optional.empty();
        Judgement judged = null;
        try {
            List<Finding> findings = new ArrayList<>();
            Evidence.Builder evidence = Evidence.builder();
            judge(
                    context.domain(),
                    new DnsSessionSpfDns(session),
                    Clock.fixed(started, ZoneOffset.UTC),
                    findings,
                    evidence);
            judged = new Judgement(findings, evidence.build().details());
        } catch (RuntimeException e) {
            // nothing from the network may escape observe(): the analysis reports what stopped the walk
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        SpfObservation o = new SpfObservation(
                context.domain(),
                started,
                Duration.between(started, clock.instant()),
                session.answers(),
                session.budgetExhausted(),
                session.lookups(),
                failure);
        return judged == null ? o : live.remember(o, judged);
    }

    @Override
    public List<CheckResult> analyse(SpfObservation o) {
        Judgement judged = live.judge(o, SpfCheck::walk);
        List<Finding> findings = new ArrayList<>(judged.findings());
        Evidence.Builder evidence = judged.detailsTo(Evidence.builder());
        evidence.dns(o.dns());
        if (o.budgetExhausted()) {
            findings.add(Finding.of(
                    SpfCode.SPF_DNS_ERROR,
                    Status.ERROR,
                    "DNS budget of this check spent after " + o.lookups() + " lookups; results may be incomplete"));
        }
        return List.of(CheckResult.of(id(), o.domain(), findings, evidence.build(), o.started(), o.elapsed()));
    }

    /** Judges {@code o} by walking the tree again over its recorded answers. */
    private static Judgement walk(SpfObservation o) {
        String domain = o.domain();
        Evidence.Builder evidence = Evidence.builder();
        List<Finding> findings = new ArrayList<>();
        try {
            judge(
                    domain,
                    new DnsSessionSpfDns(new RecordedDns(o.dns(), o.failure())),
                    Clock.fixed(o.started(), ZoneOffset.UTC),
                    findings,
                    evidence);
        } catch (RuntimeException e) {
            // where the observed walk stopped (RecordedDns.Stopped), or a fault of the analysis itself
            String why = e instanceof RecordedDns.Stopped
                    ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            findings.add(
                    Finding.of(SpfCode.SPF_DNS_ERROR, Status.ERROR, "SPF analysis of " + domain + " stopped: " + why));
        }
        return new Judgement(findings, evidence.build().details());
    }

    /**
     * Walks the policy and evaluates {@code check_host()} through {@code dns} at the time
     * {@code clock} gives, and judges. Package-private for tests.
     */
    static void judge(String domain, SpfDns dns, Clock clock, List<Finding> findings, Evidence.Builder evidence) {
        SpfPolicyAnalyzer.Analysis analysis = new SpfPolicyAnalyzer(dns).analyze(domain);
        findings.addAll(analysis.findings());
        evidence.detail("spfTree", analysis.tree());
        evidence.detail("spfLookups", analysis.totalLookups());
        if (analysis.record().isEmpty() || analysis.dnsError()) {
            return;
        }
        SpfEvaluator evaluator =
                new SpfEvaluator(dns, "%{d} does not designate %{c} as a permitted sender", "unknown", clock);
        List<Map<String, Object>> evaluations = new ArrayList<>();
        SpfEvaluation probe = evaluator.checkHost(PROBE_ADDRESS, domain, "postmaster@" + domain, domain);
        evaluations.add(evaluation(PROBE_ADDRESS, "probe (TEST-NET-1, RFC 5737)", probe));
        judgeErrors(domain, PROBE_ADDRESS, probe, findings);

        Lookup<MxHost> mx = dns.mx(domain);
        if (mx.kind() == Kind.ERROR) {
            findings.add(Finding.of(
                    SpfCode.SPF_DNS_ERROR, Status.ERROR, "MX lookup of " + domain + " failed: " + mx.detail()));
        }
        List<String> unauthorised = new ArrayList<>();
        int evaluated = 0;
        int authorised = 0;
        List<String> notEvaluated = new ArrayList<>();
        for (MxHost host : mx.values()) {
            if (host.exchange().isEmpty() || host.exchange().equals(".") || evaluated >= MAX_MX_ADDRESSES) {
                continue;
            }
            for (boolean v6 : new boolean[] {false, true}) {
                Lookup<InetAddress> addresses = dns.addresses(host.exchange(), v6);
                if (addresses.kind() == Kind.ERROR) {
                    findings.add(Finding.of(
                            SpfCode.SPF_DNS_ERROR,
                            Status.ERROR,
                            (v6 ? "AAAA" : "A") + " lookup of MX host " + host.exchange() + " failed: "
                                    + addresses.detail()));
                }
                for (InetAddress a : addresses.values()) {
                    if (evaluated >= MAX_MX_ADDRESSES) {
                        break;
                    }
                    evaluated++;
                    String ip = SpfIp.format(SpfIp.bytes(a));
                    // the MX host as sender: HELO is its name, MAIL FROM the domain's postmaster
                    SpfEvaluation e = evaluator.checkHost(a, domain, "postmaster@" + domain, host.exchange());
                    evaluations.add(evaluation(ip, "MX " + host.exchange(), e));
                    if (judgeErrors(domain, ip, e, findings)) {
                        // permerror/temperror: neither authorised nor refused, so counted apart
                        notEvaluated.add(e.result().rfcName());
                    } else if (e.result() == SpfResult.PASS) {
                        authorised++;
                    } else {
                        unauthorised.add(
                                host.exchange() + " " + ip + " (" + e.result().rfcName() + ")");
                    }
                }
            }
        }
        String unevaluated = notEvaluated.isEmpty()
                ? ""
                : "; " + notEvaluated.size()
                        + (notEvaluated.size() == 1 ? " MX address" : " MX addresses")
                        + " could not be evaluated ("
                        + String.join(", ", new LinkedHashSet<>(notEvaluated)) + ")";
        if (!unauthorised.isEmpty()) {
            findings.add(Finding.of(
                    SpfCode.SPF_MX_NOT_AUTHORISED,
                    Status.WARN,
                    "SPF policy of " + domain
                            + " does not authorise " + (unauthorised.size() == 1 ? "MX address " : "MX addresses ")
                            + String.join(", ", unauthorised)
                            + " (matters when the MX hosts also send)" + unevaluated));
        } else if (authorised > 0) {
            findings.add(Finding.of(
                    SpfCode.SPF_MX_AUTHORISED,
                    Status.PASS,
                    "SPF policy of " + domain + " authorises " + authorised
                            + (authorised == 1 ? " MX address" : " MX addresses") + unevaluated));
        }
        evidence.detail("spfEvaluations", evaluations);
    }

    /** Reports permerror/temperror of an evaluation; true when it was one. Package-private for tests. */
    static boolean judgeErrors(String domain, String ip, SpfEvaluation e, List<Finding> findings) {
        Finding f = switch (e.result()) {
            case TEMPERROR ->
                Finding.of(
                        SpfCode.SPF_DNS_ERROR,
                        Status.ERROR,
                        "check_host(" + ip + ", " + domain + ") = temperror: " + e.reason());
            case PERMERROR -> {
                SpfCode code = e.limitExceeded().map(SpfCheck::limitCode).orElse(SpfCode.SPF_PERMERROR);
                yield Finding.of(
                        code, Status.FAIL, "check_host(" + ip + ", " + domain + ") = permerror: " + e.reason());
            }
            default -> null;
        };
        if (f == null) {
            return false;
        }
        // one finding per code: every MX address meets the same broken policy
        boolean known = findings.stream().anyMatch(x -> x.code().equals(f.code()));
        if (!known) {
            findings.add(f);
        }
        return true;
    }

    private static SpfCode limitCode(SpfEvaluation.Limit limit) {
        return switch (limit) {
            case DNS_TERMS -> SpfCode.SPF_TOO_MANY_LOOKUPS;
            case VOID_LOOKUPS -> SpfCode.SPF_TOO_MANY_VOID_LOOKUPS;
            case MX_NAMES -> SpfCode.SPF_TOO_MANY_MX_NAMES;
        };
    }

    private static Map<String, Object> evaluation(String ip, String role, SpfEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", ip);
        m.put("role", role);
        m.put("result", e.result().rfcName());
        m.put("reason", e.reason());
        e.explanation().ifPresent(x -> m.put("explanation", x));
        m.put("dnsTerms", e.dnsTerms());
        m.put("voidLookups", e.voidLookups());
        return m;
    }
}
