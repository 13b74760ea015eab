package dev.mailward.mitigations;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Mitigation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import dev.mailward.checks.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remediation guides and the fixes generated for a domain from its stored results. Thread-safe.
 *
 * <p>Fixes are derived from evidence only: the {@code mx} result's {@code mxHosts}, the {@code spf}
 * result's {@code spfTree}, the {@code dmarc} result's record tags, and certificates (with {@code pem}) in
 * results whose target is {@code host:25}. A fix that cannot be built from what was observed is left out.
 */
public final class GuideService {

    private static final Logger log = LoggerFactory.getLogger(GuideService.class);
    private static final int MAX_TREE_NODES = 200;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The most characters of one result's evidence a domain's guide shows. */
    public static final int MAX_EVIDENCE_CHARS = 20_000;

    private final MitigationCatalogue catalogue;
    private final Clock clock;

    public GuideService(MitigationCatalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public MitigationCatalogue catalogue() {
        return catalogue;
    }

    /** The guide of the mitigation with the stable id, e.g. {@code spf-dkim}. */
    public Optional<CatalogueEntry> guide(String id) {
        return catalogue.byId(id);
    }

    /** Every fix Mailward can generate for {@code domain} from {@code results}, grouped by mitigation. */
    public Map<Mitigation, List<GeneratedFix>> fixesByMitigation(String domain, List<CheckResult> results) {
        Map<Mitigation, List<GeneratedFix>> out = new LinkedHashMap<>();
        Observed o = observe(results);
        if (o.nullMx) {
            add(out, Mitigation.SPF_DKIM, () -> SpfRecordBuilder.build(new SpfRecordBuilder.Senders(domain, List.of(),
                    List.of(), List.of(), List.of(), false)).toFix());
            add(out, Mitigation.LAYERED_AUTH, () -> DmarcRecordBuilder.build(DmarcRecordBuilder.Settings.enforcing(
                    domain, o.rua)).toFix());
            return out;
        }
        add(out, Mitigation.SPF_DKIM, () -> SpfRecordBuilder.build(new SpfRecordBuilder.Senders(domain,
                List.copyOf(o.mxHosts), List.copyOf(o.mxAddresses), o.includes, o.spfAddresses, false)).toFix());
        add(out, Mitigation.LAYERED_AUTH, () -> DmarcRecordBuilder.build(DmarcRecordBuilder.Settings.enforcing(domain,
                o.rua.isEmpty() ? List.of("mailto:dmarc-reports@" + domain) : o.rua)).toFix());
        if (!o.mxHosts.isEmpty()) {
            MtaStsPolicyBuilder.Mode mode = o.stsEnforced ? MtaStsPolicyBuilder.Mode.ENFORCE
                    : MtaStsPolicyBuilder.Mode.TESTING;
            addAll(out, Mitigation.TLS, () -> MtaStsPolicyBuilder.build(domain, List.copyOf(o.mxHosts), mode,
                    MtaStsPolicyBuilder.DEFAULT_MAX_AGE, clock.instant()).toFixes());
        }
        add(out, Mitigation.TLS, () -> TlsRptRecordBuilder.build(domain, List.of("mailto:tlsrpt@" + domain)));
        o.chains.forEach((host, chain) -> add(out, Mitigation.DNSSEC_DANE, () -> TlsaGenerator.fix(host, 25, chain)));
        return out;
    }

    /** Every fix for {@code domain}, in catalogue order (the integrator's entry point). */
    public List<GeneratedFix> fixesFor(String domain, List<CheckResult> results) {
        return fixesByMitigation(domain, results).values().stream().flatMap(Collection::stream).toList();
    }

    /**
     * The guide of {@code mitigation} filled in for one domain: its status, the results whose findings of the
     * mitigation fail, err or warn (worst first, with their evidence) and the fixes generated for it.
     */
    public DomainGuide forDomain(Mitigation mitigation, DomainObservations domain, Instant now) {
        List<CheckResult> results = domain.checkResults();
        List<ObservedFinding> findings = MitigationRules.group(results, domain.exceptions(), now)
                .getOrDefault(mitigation, List.of());
        Map<String, List<ObservedFinding>> byResult = new LinkedHashMap<>();
        for (ObservedFinding f : findings) {
            if (f.finding().status().severity() >= Status.WARN.severity()) {
                byResult.computeIfAbsent(f.check() + "\u0000" + f.target(), k -> new ArrayList<>()).add(f);
            }
        }
        List<DomainGuide.ResultEvidence> shown = new ArrayList<>();
        for (List<ObservedFinding> fs : byResult.values()) {
            ObservedFinding first = fs.getFirst();
            Map<String, Object> evidence = domain.results().stream()
                    .filter(o -> o.result().check().equals(first.check()) && o.result().target().equals(first.target()))
                    .findFirst().map(DomainObservations.Observed::evidence).orElse(Map.of());
            String json = evidence.isEmpty() ? "" : JSON.writeValueAsString(evidence);
            boolean cut = json.length() > MAX_EVIDENCE_CHARS;
            shown.add(new DomainGuide.ResultEvidence(first.check(), first.target(), fs,
                    cut ? json.substring(0, MAX_EVIDENCE_CHARS) : json, cut));
        }
        return new DomainGuide(domain.domainId(), domain.name(), domain.displayName(),
                MitigationRules.status(findings), shown, fixesFor(mitigation, domain.name(), results));
    }

    /** The fixes that belong on the guide of {@code mitigation}. */
    public List<GeneratedFix> fixesFor(Mitigation mitigation, String domain, List<CheckResult> results) {
        return fixesByMitigation(domain, results).getOrDefault(mitigation, List.of());
    }

    private static void add(Map<Mitigation, List<GeneratedFix>> out, Mitigation m, java.util.function.Supplier<GeneratedFix> fix) {
        addAll(out, m, () -> List.of(fix.get()));
    }

    private static void addAll(Map<Mitigation, List<GeneratedFix>> out, Mitigation m,
            java.util.function.Supplier<List<GeneratedFix>> fixes) {
        try {
            out.computeIfAbsent(m, k -> new ArrayList<>()).addAll(fixes.get());
        } catch (IllegalArgumentException e) {
            // observed data that no valid record can be built from (e.g. a hostile MX name): no fix, say why in the log
            log.debug("no {} fix: {}", m.id(), e.getMessage());
        }
    }

    private static final class Observed {
        boolean nullMx;
        boolean stsEnforced;
        final Set<String> mxHosts = new LinkedHashSet<>();
        final Set<String> mxAddresses = new LinkedHashSet<>();
        final List<SpfRecordBuilder.Include> includes = new ArrayList<>();
        final List<String> spfAddresses = new ArrayList<>();
        final List<String> rua = new ArrayList<>();
        final Map<String, List<X509Certificate>> chains = new LinkedHashMap<>();
    }

    private static Observed observe(List<CheckResult> results) {
        Observed o = new Observed();
        for (CheckResult r : results) {
            for (Finding f : r.findings()) {
                if (f.code().equals("MX_NULL")) {
                    o.nullMx = true;
                }
                if (f.code().equals("MTASTS_MODE_ENFORCE")) {
                    o.stsEnforced = true;
                }
            }
            Map<String, Object> details = r.evidence().details();
            switch (r.check()) {
                case "mx" -> {
                    if (details.get("mxHosts") instanceof List<?> hosts) {
                        for (Object h : hosts) {
                            if (h instanceof Map<?, ?> m && m.get("host") instanceof String host && !host.equals(".")) {
                                o.mxHosts.add(host);
                                if (m.get("addresses") instanceof List<?> as) {
                                    as.forEach(a -> o.mxAddresses.add(String.valueOf(a)));
                                }
                            }
                        }
                    }
                }
                case "spf" -> {
                    if (details.get("spfTree") instanceof Map<?, ?> root) {
                        if (root.get("record") instanceof String record) {
                            for (String term : record.trim().split("\\s+")) {
                                String t = term.startsWith("+") ? term.substring(1) : term;
                                if (t.startsWith("ip4:") || t.startsWith("ip6:")) {
                                    o.spfAddresses.add(t.substring(4));
                                }
                            }
                        }
                        if (root.get("children") instanceof List<?> children) {
                            for (Object c : children.subList(0, Math.min(children.size(), MAX_TREE_NODES))) {
                                if (c instanceof Map<?, ?> child && "include".equals(child.get("via"))
                                        && child.get("domain") instanceof String d) {
                                    int lookups = child.get("cumulativeLookups") instanceof Number n ? n.intValue() + 1 : 1;
                                    o.includes.add(new SpfRecordBuilder.Include(d, lookups));
                                }
                            }
                        }
                    }
                }
                case "dmarc" -> {
                    if (details.get("record") instanceof Map<?, ?> rec && rec.get("tags") instanceof Map<?, ?> tags
                            && tags.get("rua") instanceof String rua) {
                        for (String u : rua.split(",")) {
                            if (!u.isBlank()) {
                                o.rua.add(u.trim().replaceAll("!.*$", ""));
                            }
                        }
                    }
                }
                default -> { }
            }
            if (r.target().endsWith(":25") && !r.evidence().certificates().isEmpty()) {
                String host = r.target().substring(0, r.target().length() - 3);
                parseChain(r.evidence().certificates()).ifPresent(chain -> o.chains.putIfAbsent(host, chain));
            }
        }
        return o;
    }

    private static Optional<List<X509Certificate>> parseChain(List<Map<String, Object>> certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Map<String, Object> c : certificates.subList(0, Math.min(10, certificates.size()))) {
                if (c.get("pem") instanceof String pem) {
                    chain.add((X509Certificate) cf.generateCertificate(
                            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
                }
            }
        } catch (CertificateException | ClassCastException e) {
            return Optional.empty();
        }
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain);
    }
}
