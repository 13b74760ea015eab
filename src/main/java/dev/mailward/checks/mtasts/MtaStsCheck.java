package dev.mailward.checks.mtasts;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.MailUse;
import dev.mailward.checks.Status;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.probe.https.HttpsFetcher;
import dev.mailward.probe.https.HttpsOutcome;
import dev.mailward.probe.https.HttpsResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * The {@code mta-sts} check (RFC 8461): the {@code _mta-sts} TXT record, the policy fetched over
 * validated HTTPS from {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (no redirects,
 * 64 KiB cap), the policy's syntax, mode and max_age, and whether every MX host matches an
 * {@code mx:} pattern. One result for the domain.
 */
public final class MtaStsCheck implements Check<MtaStsObservation> {

    /** RFC 8461 §3.3: the policy path. */
    public static final String POLICY_PATH = "/.well-known/mta-sts.txt";
    /** At most this many MX hosts are matched against the policy (hostile zones can list hundreds). */
    static final int MAX_MX = 50;

    static final long MIN_MAX_AGE = 86_400;
    static final long MAX_MAX_AGE = 31_557_600;

    private final int httpsPort;

    /** Fetches policies on port 443, as RFC 8461 requires. */
    public MtaStsCheck() {
        this(443);
    }

    /** Fetches policies on {@code httpsPort} (labs and tests; production uses 443). */
    public MtaStsCheck(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public String id() {
        return "mta-sts";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DOMAIN;
    }

    @Override
    public List<? extends FindingCode> codes() {
        return List.of(MtaStsCode.values());
    }

    @Override
    public Class<MtaStsObservation> observationType() {
        return MtaStsObservation.class;
    }

    /**
     * The observation of the context's domain: this domain run's (shared with the strict name
     * check of {@code endpoints} through {@link dev.mailward.checks.RunObservations#mtaSts}), or
     * one of its own when that did not arrive in time.
     */
    @Override
    public MtaStsObservation observe(CheckContext context) {
        return context.observations()
                .mtaSts(httpsPort, context.deadline(), () -> observeNow(context))
                .orElseGet(() -> observeNow(context));
    }

    /** Looks the record up and fetches the policy when the record asks for it, here and now. */
    public MtaStsObservation observeNow(CheckContext context) {
        Instant started = Instant.now();
        DnsSession session = context.newDnsSession();
        String domain = context.domain();
        Optional<DnsAnswer> txt = Optional.empty();
        Optional<String> fetcherError = Optional.empty();
        Optional<HttpsResult> fetch = Optional.empty();
        Optional<DnsAnswer> mx = Optional.empty();
        Optional<MailUse> mailUse = Optional.empty();
        Optional<String> failure = Optional.empty();
        try {
            // the same steps as analyse() judges, asking only what the judgement will look at
            txt = Optional.of(session.lookup("_mta-sts." + domain, Type.TXT));
            Optional<String> record = usableRecord(txt.get());
            if (!txt.get().isFailure() && stsRecords(txt.get()).isEmpty()) {
                DnsAnswer mxAnswer = session.lookup(domain, Type.MX);
                mx = Optional.of(mxAnswer);
                mailUse = context.observations()
                        .mailUse(
                                domain,
                                context.deadline(),
                                () -> new MailUse(mxAnswer, session.lookup(domain, Type.TXT)));
            } else if (record.isPresent()) {
                HttpsFetcher fetcher = null;
                try {
                    fetcher = HttpsFetcher.create(
                            context.options().targetPolicy(), context.options().caBundle());
                } catch (IllegalArgumentException e) {
                    fetcherError = Optional.of(String.valueOf(e.getMessage()));
                }
                if (fetcher != null) {
                    fetch = Optional.of(fetcher.get(
                            session::lookup,
                            "mta-sts." + domain,
                            httpsPort,
                            POLICY_PATH,
                            HttpsFetcher.Limits.mtaSts(),
                            context.deadline()));
                    if (policy(fetch.get())
                            .filter(p -> !p.mode().equals("none"))
                            .isPresent()) {
                        mx = Optional.of(session.lookup(domain, Type.MX));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new MtaStsObservation(
                domain,
                started,
                Duration.between(started, Instant.now()),
                txt,
                fetcherError,
                fetch,
                mx,
                session.answers(),
                failure,
                mailUse);
    }

    @Override
    public List<CheckResult> analyse(MtaStsObservation o) {
        Evidence.Builder evidence = Evidence.builder();
        List<Finding> findings = new ArrayList<>();
        try {
            judge(o, evidence, findings);
        } catch (RuntimeException e) {
            findings.add(internalError(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        o.failure().ifPresent(f -> findings.add(internalError(f)));
        evidence.dns(o.dns());
        return List.of(CheckResult.of(id(), o.domain(), findings, evidence.build(), o.started(), o.elapsed()));
    }

    private static Finding internalError(String why) {
        return Finding.of(
                MtaStsCode.MTASTS_POLICY_FETCH_ERROR, Status.ERROR, "MTA-STS check failed internally: " + why);
    }

    /**
     * The mode of the policy observed ({@code enforce}, {@code testing} or {@code none}), by the
     * rules {@link #analyse} judges with; empty when no policy was fetched or it did not parse.
     * Pure: for the judgement of other families (the strict MX name check of {@code endpoints}).
     */
    public static Optional<String> policyMode(MtaStsObservation o) {
        return o.txt()
                .flatMap(MtaStsCheck::usableRecord)
                .flatMap(r -> o.fetch())
                .flatMap(MtaStsCheck::policy)
                .map(StsPolicy::mode);
    }

    /** The TXT strings that are MTA-STS records (RFC 8461 §3.1: others are discarded). */
    private static List<String> stsRecords(DnsAnswer txt) {
        return txt.txtJoined().stream()
                .filter(t -> t.regionMatches(true, 0, "v=STSv", 0, 6))
                .toList();
    }

    /** The one valid MTA-STS record, when there is exactly one and it parses. */
    private static Optional<String> usableRecord(DnsAnswer txt) {
        if (txt.isFailure()) {
            return Optional.empty();
        }
        List<String> records = stsRecords(txt);
        return records.size() == 1 && StsRecord.parse(records.getFirst()) instanceof StsRecord.Valid
                ? Optional.of(records.getFirst())
                : Optional.empty();
    }

    /** The policy a fetch gave, when it gave one that parses. */
    private static Optional<StsPolicy> policy(HttpsResult fetched) {
        if (!judgeFetch(fetched, new ArrayList<>())) {
            return Optional.empty();
        }
        return StsPolicy.parse(fetched.bodyText()) instanceof StsPolicy.Valid v
                ? Optional.of(v.policy())
                : Optional.empty();
    }

    /** Judges what was observed, in the order the observation was made. */
    private static void judge(MtaStsObservation o, Evidence.Builder evidence, List<Finding> findings) {
        String domain = o.domain();
        String txtName = "_mta-sts." + domain;
        if (o.txt().isEmpty()) {
            return;
        }
        DnsAnswer txt = o.txt().get();
        if (txt.isFailure()) {
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_DNS_ERROR,
                    Status.ERROR,
                    "TXT lookup of " + txtName + " failed: " + describe(txt)));
            return;
        }
        // RFC 8461 §3.1: records not starting with "v=STSv1" are discarded; anything else than one is no policy.
        List<String> records = stsRecords(txt);
        evidence.detail("records", records);
        if (records.isEmpty()) {
            if (o.mx().map(MtaStsCheck::isNullMx).orElse(false)) {
                findings.add(Finding.of(
                        MtaStsCode.MTASTS_NULL_MX,
                        Status.NOT_APPLICABLE,
                        domain + " publishes a null MX (RFC 7505): MTA-STS does not apply"));
                return;
            }
            Optional<String> noMail = o.mailUse().flatMap(MailUse::noInboundMailReason);
            if (noMail.isPresent()) {
                evidence.dns(List.of(o.mailUse().get().mx(), o.mailUse().get().txt()));
                findings.add(Finding.of(
                        MtaStsCode.MTASTS_NO_MAIL,
                        Status.NOT_APPLICABLE,
                        "no MTA-STS record at " + txtName + ", and none is needed: " + noMail.get()));
                return;
            }
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_NOT_DEPLOYED,
                    Status.WARN,
                    "no MTA-STS record at " + txtName + ": senders cannot require authenticated TLS to " + domain));
            return;
        }
        if (records.size() > 1) {
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_RECORD_MULTIPLE,
                    Status.FAIL,
                    records.size() + " MTA-STS records at " + txtName + "; RFC 8461 §3.1 requires exactly one"));
            return;
        }
        String record = records.getFirst();
        switch (StsRecord.parse(record)) {
            case StsRecord.Invalid inv -> {
                findings.add(Finding.of(
                        MtaStsCode.MTASTS_RECORD_INVALID,
                        Status.FAIL,
                        "MTA-STS record at " + txtName + " is invalid: " + inv.reason()));
                return;
            }
            case StsRecord.Valid v -> evidence.detail("id", v.record().id());
        }
        if (o.fetcherError().isPresent()) {
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_POLICY_FETCH_ERROR,
                    Status.ERROR,
                    "policy not fetched: " + o.fetcherError().get()));
            return;
        }
        if (o.fetch().isEmpty()) {
            return;
        }
        HttpsResult fetched = o.fetch().get();
        evidence.http(new Evidence.HttpExchange(
                fetched.url(),
                fetched.address().orElse(null),
                fetched.status(),
                fetched.headers(),
                fetched.bodyExcerpt(),
                fetched.error().orElse(null)));
        if (!fetched.notes().isEmpty()) {
            // what happened on the way: addresses refused or unreachable, a handshake asked again
            evidence.detail("fetchNotes", fetched.notes());
        }
        if (!judgeFetch(fetched, findings)) {
            return;
        }

        StsPolicy policy;
        switch (StsPolicy.parse(fetched.bodyText())) {
            case StsPolicy.Invalid inv -> {
                findings.add(Finding.of(
                        MtaStsCode.MTASTS_POLICY_INVALID,
                        Status.FAIL,
                        "policy at " + fetched.url() + " is invalid: " + inv.reason()));
                return;
            }
            case StsPolicy.Valid v -> policy = v.policy();
        }
        Map<String, Object> parsed = new LinkedHashMap<>();
        parsed.put("mode", policy.mode());
        parsed.put("mx", policy.mx());
        parsed.put("maxAge", policy.maxAge());
        evidence.detail("policy", parsed);
        findings.addAll(judgePolicy(policy));
        if (policy.mode().equals("none") || o.mx().isEmpty()) {
            return; // RFC 8461 §5: mode none means no policy; MX coverage is irrelevant
        }
        DnsAnswer mx = o.mx().get();
        if (mx.isFailure()) {
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_DNS_ERROR, Status.ERROR, "MX lookup of " + domain + " failed: " + describe(mx)));
            return;
        }
        List<String> hosts = new ArrayList<>();
        for (MXRecord r : mx.recordsOf(MXRecord.class)) {
            String h = r.getTarget().toString(true).toLowerCase(Locale.ROOT);
            if (!h.isEmpty() && hosts.size() < MAX_MX && !hosts.contains(h)) {
                hosts.add(h);
            }
        }
        if (hosts.isEmpty() && mx.outcome() != DnsOutcome.OK) {
            hosts.add(domain); // RFC 5321 §5.1 implicit MX: the domain itself receives mail
        }
        findings.addAll(judgeMx(policy, hosts));
    }

    /** False when the fetch gave no policy to parse; adds the finding saying why. */
    static boolean judgeFetch(HttpsResult r, List<Finding> findings) {
        String url = r.url();
        if (r.outcome() == HttpsOutcome.RESPONSE && r.status() == 200) {
            String type = r.header("Content-Type").orElse("");
            String media = type.split(";", 2)[0].strip();
            if (!media.equalsIgnoreCase("text/plain")) {
                // RFC 8461 §3.3: the policy is served with media type text/plain.
                findings.add(Finding.of(
                        MtaStsCode.MTASTS_POLICY_CONTENT_TYPE,
                        Status.WARN,
                        "policy at " + url + " is served as '" + clip(type.isEmpty() ? "(no Content-Type)" : type)
                                + "', not text/plain"));
            }
            return true;
        }
        if (r.outcome() == HttpsOutcome.RESPONSE && r.isRedirect()) {
            // RFC 8461 §3.3: senders must not follow redirects.
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_POLICY_UNAVAILABLE,
                    Status.FAIL,
                    "policy fetch of " + url
                            + " answered " + r.status() + " redirect to '"
                            + clip(r.header("Location").orElse("?"))
                            + "'; RFC 8461 §3.3 forbids following redirects"));
            return false;
        }
        if (r.outcome() == HttpsOutcome.RESPONSE) {
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_POLICY_UNAVAILABLE,
                    Status.FAIL,
                    "policy fetch of " + url + " answered HTTP " + r.status() + " (RFC 8461 §3.3 requires 200)"));
            return false;
        }
        String why = fetchFailure(r);
        if (r.outcome().isObservation()) {
            // Senders would fail the same way: the TXT record advertises a policy nobody can fetch.
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_POLICY_UNAVAILABLE,
                    Status.FAIL,
                    "MTA-STS record present but the policy cannot be fetched from " + url + ": " + why));
        } else {
            findings.add(Finding.of(
                    MtaStsCode.MTASTS_POLICY_FETCH_ERROR,
                    Status.ERROR,
                    "policy fetch of " + url + " not completed: " + why));
        }
        return false;
    }

    /**
     * Why a policy fetch ended without a usable response, in a mail admin's words; the fetcher's
     * own text (resolver outcome names, socket errors) stays in the HTTP evidence.
     */
    private static String fetchFailure(HttpsResult r) {
        String host = java.net.URI.create(r.url()).getHost();
        return switch (r.outcome()) {
            case NO_ADDRESS -> host + " has no address (no A or AAAA record)";
            case DNS_ERROR -> "the address lookup of " + host + " failed, so the server could not be reached";
            case TIMEOUT ->
                "the server did not answer in time"
                        + r.error().map(e -> " (" + e + ")").orElse("");
            case REFUSED_BY_POLICY ->
                r.error().orElse("every address of " + host + " is excluded by the target policy");
            case CONNECT_FAILED -> r.error().orElse("no connection could be made to " + host);
            case TLS_FAILED, PROTOCOL_ERROR, RESPONSE, BODY_TOO_LARGE ->
                r.error().orElse(r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        };
    }

    static List<Finding> judgePolicy(StsPolicy policy) {
        List<Finding> out = new ArrayList<>();
        switch (policy.mode()) {
            case "enforce" ->
                out.add(Finding.of(
                        MtaStsCode.MTASTS_MODE_ENFORCE,
                        Status.PASS,
                        "policy mode enforce: senders require valid TLS to " + String.join(", ", policy.mx())));
            // RFC 8461 §5: testing only reports failures, delivery proceeds without TLS protection.
            case "testing" ->
                out.add(
                        Finding.of(
                                MtaStsCode.MTASTS_MODE_TESTING,
                                Status.WARN,
                                "policy mode testing: failures are reported but mail is still delivered without validated TLS"));
            default ->
                out.add(Finding.of(
                        MtaStsCode.MTASTS_MODE_NONE,
                        Status.PASS,
                        "policy mode none: MTA-STS is switched off for this domain"));
        }
        if (policy.maxAge() < MIN_MAX_AGE || policy.maxAge() > MAX_MAX_AGE) {
            // RFC 8461 §3.2: max_age up to 31557600; short ages defeat the trust-on-first-use cache.
            out.add(Finding.of(
                    MtaStsCode.MTASTS_MAX_AGE_OUT_OF_RANGE,
                    Status.WARN,
                    "max_age " + policy.maxAge() + " is outside " + MIN_MAX_AGE + ".." + MAX_MAX_AGE + " seconds"));
        }
        return out;
    }

    static List<Finding> judgeMx(StsPolicy policy, List<String> hosts) {
        List<String> uncovered =
                hosts.stream().filter(h -> !policy.matchesAny(h)).toList();
        if (uncovered.isEmpty()) {
            return List.of(Finding.of(
                    MtaStsCode.MTASTS_MX_COVERED,
                    Status.PASS,
                    "every MX host (" + String.join(", ", hosts) + ") matches an mx pattern"));
        }
        // RFC 8461 §4.1/§5.1: in enforce mode, senders refuse delivery to an MX that matches no pattern.
        Status status = policy.mode().equals("enforce") ? Status.FAIL : Status.WARN;
        return List.of(Finding.of(
                MtaStsCode.MTASTS_MX_NOT_COVERED,
                status,
                "MX host(s) " + String.join(", ", uncovered) + " match no mx pattern of the policy ("
                        + String.join(", ", policy.mx()) + ")"));
    }

    static boolean isNullMx(DnsAnswer mx) {
        List<MXRecord> r = mx.recordsOf(MXRecord.class);
        return r.size() == 1 && r.getFirst().getTarget().equals(org.xbill.DNS.Name.root);
    }

    private static String describe(DnsAnswer a) {
        return DnsWords.reason(a);
    }

    private static String clip(String s) {
        return StsRecord.clip(s);
    }
}
