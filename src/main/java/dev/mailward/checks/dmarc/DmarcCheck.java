package dev.mailward.checks.dmarc;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.LiveJudgements;
import dev.mailward.checks.LiveJudgements.Judgement;
import dev.mailward.checks.RecordedDns;
import dev.mailward.checks.Status;
import dev.mailward.checks.TargetKind;
import dev.mailward.checks.dmarc.DmarcDiscovered.Destination;
import dev.mailward.checks.dmarc.DmarcDiscovered.MailSignals;
import dev.mailward.checks.dmarc.DmarcDiscovery.LegacyResult;
import dev.mailward.checks.dmarc.DmarcDiscovery.Step;
import dev.mailward.checks.dmarc.DmarcDiscovery.TxtLookup;
import dev.mailward.checks.dmarc.DmarcDiscovery.TxtSource;
import dev.mailward.checks.dmarc.DmarcDiscovery.WalkResult;
import dev.mailward.checks.dmarc.DmarcRecord.ReportUri;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * The {@code dmarc} check (CHECKS.md "dmarc"; RFC 9989, which obsoletes RFC 7489): finds the
 * domain's DMARC policy by the RFC 9989 DNS tree walk and, side by side, by RFC 7489 discovery
 * with the Public Suffix List; parses the record; judges the effective policy, the report
 * destinations and their authorisation, and whether a domain that sends no mail rejects
 * everything. At most 8 + 1 + 2 + {@value #MAX_DESTINATIONS} DNS queries per run. Stateless but
 * for a cache of its judgements ({@link LiveJudgements}): {@link #analyse} of the very observation
 * {@link #observe} returned reuses what the live discovery found instead of discovering again.
 */
public final class DmarcCheck implements Check<DmarcObservation> {

    /** The check id. */
    public static final String ID = "dmarc";

    /** External report destinations whose authorisation is looked up; the rest are listed only. */
    static final int MAX_DESTINATIONS = 8;

    private static final Pattern SPF_REJECT_ALL = Pattern.compile("(?i)v=spf1\\s+-all");
    private static final Pattern SPF_PREFIX = Pattern.compile("(?i)v=spf1(\\s.*)?");
    private static final Pattern DOMAIN_NAME = Pattern.compile("[a-z0-9_-]{1,63}(\\.[a-z0-9_-]{1,63}){0,126}");

    private final PublicSuffixList psl;
    /** What the live discoveries judged, by observation (identity). Package-private for tests. */
    final LiveJudgements<DmarcObservation, Judgement> live = new LiveJudgements<>();

    /** A check using the bundled Public Suffix List. */
    public DmarcCheck() {
        this(PublicSuffixList.bundled());
    }

    /** A check using the given list (e.g. an operator's fresher copy, {@link PublicSuffixList#load}). */
    public DmarcCheck(PublicSuffixList psl) {
        this.psl = psl;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DOMAIN;
    }

    @Override
    public List<? extends FindingCode> codes() {
        return List.of(DmarcCode.values());
    }

    @Override
    public Class<DmarcObservation> observationType() {
        return DmarcObservation.class;
    }

    @Override
    public DmarcObservation observe(CheckContext context) {
        Instant started = Instant.now();
        String domain = normalise(context.domain());
        DnsSession session = context.newDnsSession();
        Optional<String> failure = Optional.empty();
        DmarcDiscovered discovered = null;
        if (isDomainName(domain)) {
            try {
                discovered = discover(domain, session);
            } catch (RuntimeException e) {
                // nothing the network or the data does may escape: the analysis reports it as an ERROR
                failure = Optional.of(String.valueOf(e.getMessage()));
            }
        }
        DmarcObservation o = new DmarcObservation(
                context.domain(),
                domain,
                started,
                Duration.between(started, Instant.now()),
                session.answers(),
                failure);
        if (discovered != null) {
            try {
                live.remember(o, judgement(discovered));
            } catch (RuntimeException e) {
                // not remembered: analyse discovers again and reports the fault
            }
        }
        return o;
    }

    @Override
    public List<CheckResult> analyse(DmarcObservation o) {
        Judgement judged = live.judge(o, this::walk);
        Evidence.Builder evidence = judged.detailsTo(Evidence.builder());
        evidence.dns(o.dns());
        return List.of(CheckResult.of(ID, o.domain(), judged.findings(), evidence.build(), o.started(), o.elapsed()));
    }

    /** Judges {@code o} by discovering the policy again over its recorded answers. */
    private Judgement walk(DmarcObservation o) {
        String domain = o.domain();
        try {
            if (!isDomainName(domain)) {
                return new Judgement(
                        List.of(Finding.of(
                                DmarcCode.DMARC_DNS_ERROR,
                                Status.ERROR,
                                "not a domain name: " + DmarcText.show(o.asked()))),
                        Map.of());
            }
            return judgement(discover(domain, new RecordedDns(o.dns(), o.failure())));
        } catch (RuntimeException e) {
            return new Judgement(
                    List.of(Finding.of(
                            DmarcCode.DMARC_DNS_ERROR,
                            Status.ERROR,
                            "dmarc check failed: " + DmarcText.show(String.valueOf(e.getMessage())))),
                    Map.of());
        }
    }

    private static Judgement judgement(DmarcDiscovered discovered) {
        DmarcAnalysis.Outcome outcome = DmarcAnalysis.analyse(discovered);
        return new Judgement(outcome.findings(), outcome.details());
    }

    private static boolean isDomainName(String domain) {
        return DOMAIN_NAME.matcher(domain).matches() && domain.length() <= 253;
    }

    private static String normalise(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /**
     * Discovers the domain's policy through {@code session}: live when observing, over the
     * recorded answers ({@link RecordedDns}) when judging. Pure but for the session.
     */
    DmarcDiscovered discover(String domain, DnsSession session) {
        Map<String, TxtLookup> memo = new HashMap<>();
        TxtSource source = name -> memo.computeIfAbsent(name, n -> txt(session.lookup(n, Type.TXT)));
        WalkResult walk = DmarcDiscovery.treeWalk(domain, source);
        LegacyResult legacy = DmarcDiscovery.rfc7489(domain, source, psl);

        DnsAnswer mx = session.lookup(domain, Type.MX);
        boolean exists = mx.outcome() != DnsOutcome.NXDOMAIN;
        Optional<Boolean> nullMx = mx.isFailure() ? Optional.empty() : Optional.of(isNullMx(mx));
        TxtLookup spfTxt = source.txt(domain);
        Optional<Boolean> spfRejectAll = spfTxt.failed() ? Optional.empty() : Optional.of(isSpfRejectAll(spfTxt));

        List<Destination> destinations = new ArrayList<>();
        Optional<Step> policy = walk.policy();
        if (policy.isPresent()) {
            DmarcRecord record = policy.get().record().orElseThrow();
            String policyDomain = policy.get().domain();
            Set<String> own = new LinkedHashSet<>();
            own.add(policyDomain);
            psl.registrableDomain(policyDomain).ifPresent(own::add);
            psl.registrableDomain(domain).ifPresent(own::add);
            walk.orgDomain().ifPresent(own::add);
            int looked = 0;
            for (String tag : List.of("rua", "ruf")) {
                for (ReportUri u : tag.equals("rua") ? record.rua() : record.ruf()) {
                    if (u.host().isEmpty()) {
                        continue;
                    }
                    String host = u.host().get();
                    String destOrg = psl.registrableDomain(host).orElse(host);
                    // RFC 7489 §7.1: external = the destination's organisational domain is not the policy's
                    boolean external = !own.contains(destOrg) && !own.contains(host);
                    if (external && looked < MAX_DESTINATIONS) {
                        looked++;
                        String authName = policyDomain + "._report._dmarc." + host;
                        destinations.add(new Destination(
                                tag, u.uri(), host, true, Optional.of(authName), Optional.of(source.txt(authName))));
                    } else {
                        destinations.add(
                                new Destination(tag, u.uri(), host, external, Optional.empty(), Optional.empty()));
                    }
                }
            }
        }
        return new DmarcDiscovered(domain, walk, legacy, exists, new MailSignals(nullMx, spfRejectAll), destinations);
    }

    private static TxtLookup txt(DnsAnswer a) {
        return switch (a.outcome()) {
            case OK -> new TxtLookup(false, a.txtJoined(), "OK", "");
            case NXDOMAIN, NODATA -> new TxtLookup(false, List.of(), a.outcome().name(), "");
            default -> TxtLookup.failure(a.outcome().name(), a.error().orElse(""), DnsWords.failure(a));
        };
    }

    /** RFC 7505 §3: a null MX is a single MX record with preference 0 and target ".". */
    private static boolean isNullMx(DnsAnswer mx) {
        List<MXRecord> records = mx.recordsOf(MXRecord.class);
        return records.size() == 1
                && records.getFirst().getPriority() == 0
                && records.getFirst().getTarget().equals(org.xbill.DNS.Name.root);
    }

    /** The only SPF record is {@code v=spf1 -all}: the domain authorises no sender (RFC 7208 §5.1). */
    private static boolean isSpfRejectAll(TxtLookup txt) {
        List<String> spf = txt.txts().stream()
                .filter(t -> SPF_PREFIX.matcher(t.strip()).matches())
                .toList();
        return spf.size() == 1 && SPF_REJECT_ALL.matcher(spf.getFirst().strip()).matches();
    }
}
