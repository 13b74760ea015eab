package dev.mailward.checks.dkim;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DkimKeyState;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xbill.DNS.Type;

/**
 * The {@code dkim} check (RFC 6376 §3.6, RFC 8301, RFC 8463): looks up the key record of every
 * configured selector and of a short list of common selectors, and judges each key found. One
 * result per selector found or configured (target {@code <sel>._domainkey.<domain>}); when no key
 * is found, one result for {@code _domainkey.<domain>} that lists the selectors tried. Absence is
 * never a FAIL: without the selector in use it cannot be proven.
 */
public final class DkimCheck implements Check<DkimObservation> {

    /** At most this many configured selectors are queried (each costs one DNS query). */
    static final int MAX_CONFIGURED_SELECTORS = 32;

    private static final Pattern SELECTOR = Pattern.compile(
            "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");
    /** A TXT string that claims to be a DKIM key: starts with v=DKIM or carries a p= tag. */
    private static final Pattern LOOKS_LIKE_DKIM =
            Pattern.compile("^\\s*v\\s*=\\s*DKIM|(^|;)\\s*p\\s*=", Pattern.CASE_INSENSITIVE);

    private final List<String> commonSelectors;

    /** With the common selectors from {@code common-selectors.txt}. */
    public DkimCheck() {
        this(loadCommonSelectors());
    }

    /** With an explicit list of common selectors (tried after the configured ones). */
    public DkimCheck(List<String> commonSelectors) {
        this.commonSelectors = List.copyOf(commonSelectors);
    }

    @Override
    public String id() {
        return "dkim";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DKIM_SELECTOR;
    }

    @Override
    public List<? extends FindingCode> codes() {
        return List.of(DkimCode.values());
    }

    /** The common selectors tried for every domain. */
    public List<String> commonSelectors() {
        return commonSelectors;
    }

    @Override
    public Class<DkimObservation> observationType() {
        return DkimObservation.class;
    }

    @Override
    public DkimObservation observe(CheckContext context) {
        Instant started = Instant.now();
        String domain = context.domain();
        List<String> configured = context.options().dkimSelectors();
        List<DkimObservation.Selector> looked = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        Optional<MailUse> mailUse = Optional.empty();
        try {
            DnsSession session = context.newDnsSession();
            // CHECKS.md "dmarc": a domain that sends no mail must not be advised to add DKIM
            mailUse =
                    context.observations().mailUse(domain, context.deadline(), () -> MailUse.observe(session, domain));
            Map<String, Boolean> selectors = selectors(configured, new ArrayList<>());
            // The selectors are independent questions: ask them concurrently (one round trip, not ~12).
            List<String> names = new ArrayList<>(selectors.size());
            for (String sel : selectors.keySet()) {
                names.add(sel + "._domainkey." + domain);
            }
            List<DnsAnswer> answers = session.lookupAll(names, Type.TXT);
            int i = 0;
            for (Map.Entry<String, Boolean> e : selectors.entrySet()) {
                looked.add(new DkimObservation.Selector(e.getKey(), e.getValue(), answers.get(i++)));
            }
        } catch (RuntimeException e) {
            // Bad data must never escape as an exception: the analysis reports that it could not be measured.
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new DkimObservation(
                domain, started, Duration.between(started, Instant.now()), configured, looked, failure, mailUse);
    }

    @Override
    public List<CheckResult> analyse(DkimObservation o) {
        try {
            if (o.failure().isPresent()) {
                return List.of(failed(o, o.failure().get()));
            }
            return judge(o);
        } catch (RuntimeException e) {
            return List.of(failed(o, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private CheckResult failed(DkimObservation o, String why) {
        Finding f = Finding.of(DkimCode.DKIM_DNS_ERROR, Status.ERROR, "DKIM check failed internally: " + why);
        return CheckResult.of(id(), "_domainkey." + o.domain(), List.of(f), Evidence.empty(), o.started(), o.elapsed());
    }

    /** The DKIM-looking TXT strings of one selector, and each parsed. */
    private record Candidate(List<String> texts, List<DkimKeyRecord.Parsed> parsed) {}

    /**
     * The selectors to query, in order, each with whether it was configured: the valid configured
     * ones (at most {@link #MAX_CONFIGURED_SELECTORS}) then the common ones; {@code invalid}
     * receives a finding for each configured selector not queried.
     */
    private Map<String, Boolean> selectors(List<String> configured, List<Finding> invalid) {
        LinkedHashMap<String, Boolean> selectors = new LinkedHashMap<>();
        int configuredCount = 0;
        for (String raw : configured) {
            String sel = raw.strip().toLowerCase(Locale.ROOT);
            if (sel.endsWith(".")) {
                sel = sel.substring(0, sel.length() - 1);
            }
            if (sel.length() > 200 || !SELECTOR.matcher(sel).matches()) {
                invalid.add(Finding.of(
                        DkimCode.DKIM_SELECTOR_INVALID,
                        Status.ERROR,
                        "configured selector '" + DkimKeyRecord.clip(raw) + "' is not a valid DNS name; not queried"));
                continue;
            }
            if (configuredCount++ >= MAX_CONFIGURED_SELECTORS) {
                invalid.add(Finding.of(
                        DkimCode.DKIM_SELECTOR_INVALID,
                        Status.ERROR,
                        "more than " + MAX_CONFIGURED_SELECTORS + " configured selectors; '" + sel + "' not queried"));
                continue;
            }
            selectors.putIfAbsent(sel, true);
        }
        for (String sel : commonSelectors) {
            selectors.putIfAbsent(sel, false);
        }
        return selectors;
    }

    private List<CheckResult> judge(DkimObservation o) {
        String domain = o.domain();
        Instant started = o.started();
        List<CheckResult> results = new ArrayList<>();
        List<Finding> invalidConfigured = new ArrayList<>();
        selectors(o.configuredSelectors(), invalidConfigured);
        List<DkimObservation.Selector> looked = o.selectors();
        List<String> tried =
                looked.stream().map(DkimObservation.Selector::selector).toList();

        // First pass: parse everything, to know whether any usable key exists (revoked keys are WARN only when alone).
        // By identity: a Selector's value hash would hash its whole DNS answer.
        Map<DkimObservation.Selector, Candidate> candidates = new IdentityHashMap<>();
        boolean anyLiveKey = false;
        boolean anyRsaKey = false;
        for (DkimObservation.Selector l : looked) {
            if (l.answer().outcome() != DnsOutcome.OK) {
                continue;
            }
            List<String> dkim = keyTexts(l);
            if (dkim.isEmpty()) {
                continue; // a common selector answered by unrelated TXT data (e.g. a wildcard): not a key
            }
            List<DkimKeyRecord.Parsed> parsed = new ArrayList<>(dkim.size());
            for (String t : dkim) {
                DkimKeyRecord.Parsed p = DkimKeyRecord.parse(t);
                parsed.add(p);
                if (p instanceof DkimKeyRecord.Valid v && !v.record().revoked()) {
                    anyLiveKey = true;
                    anyRsaKey |= verifiableRsa(v.record());
                }
            }
            candidates.put(l, new Candidate(dkim, parsed));
        }

        List<String> erroredCommon = new ArrayList<>();
        List<DnsAnswer> erroredAnswers = new ArrayList<>();
        for (DkimObservation.Selector l : looked) {
            String target = l.selector() + "._domainkey." + domain;
            Evidence.Builder ev = Evidence.builder().dns(List.of(l.answer()));
            List<Finding> findings = new ArrayList<>();
            if (l.answer().isFailure()) {
                if (!l.configured()) {
                    erroredCommon.add(l.selector() + " (" + describe(l.answer()) + ")");
                    erroredAnswers.add(l.answer());
                    continue;
                }
                findings.add(Finding.of(
                        DkimCode.DKIM_DNS_ERROR,
                        Status.ERROR,
                        "TXT lookup of " + target + " failed: " + describe(l.answer())));
            } else if (candidates.containsKey(l)) {
                Candidate c = candidates.get(l);
                ev.detail("records", c.texts());
                findings.addAll(judgeParsed(l.selector(), c.parsed(), new Beside(anyLiveKey, anyRsaKey)));
            } else if (l.configured()) {
                // RFC 6376 §6.1.2: no key record means signatures with this selector cannot verify.
                findings.add(Finding.of(
                        DkimCode.DKIM_SELECTOR_MISSING,
                        Status.WARN,
                        "configured selector '" + l.selector() + "' has no key record at " + target + " ("
                                + DnsWords.reason(l.answer()) + ")"));
            } else {
                continue;
            }
            results.add(CheckResult.of(id(), target, findings, ev.build(), started, o.elapsed()));
        }

        List<Finding> domainFindings = new ArrayList<>(invalidConfigured);
        Optional<String> noMail = o.mailUse().flatMap(MailUse::noMailReason);
        if (candidates.isEmpty() && noMail.isPresent()) {
            MailUse declared = o.mailUse().orElseThrow();
            erroredAnswers.addAll(List.of(declared.mx(), declared.txt()));
            // CHECKS.md "dmarc": a domain that sends no mail signs nothing and must not be advised to add DKIM.
            domainFindings.add(Finding.of(
                    DkimCode.DKIM_NO_MAIL,
                    Status.NOT_APPLICABLE,
                    "no DKIM key found, and none is needed: " + noMail.get()));
        } else if (candidates.isEmpty()) {
            // CHECKS.md: absence cannot be proven without the selector in use, so WARN, never FAIL.
            domainFindings.add(Finding.of(
                    DkimCode.DKIM_NO_SELECTOR_FOUND,
                    Status.WARN,
                    "no DKIM key found at the " + tried.size() + " selectors tried: " + String.join(", ", tried)));
        }
        if (!erroredCommon.isEmpty()) {
            domainFindings.add(Finding.of(
                    DkimCode.DKIM_DNS_ERROR,
                    Status.ERROR,
                    "lookup failed for " + erroredCommon.size() + " selector(s): " + String.join(", ", erroredCommon)));
        }
        if (!domainFindings.isEmpty()) {
            Evidence ev = Evidence.builder()
                    .dns(erroredAnswers)
                    .detail("selectorsTried", tried)
                    .build();
            results.add(CheckResult.of(id(), "_domainkey." + domain, domainFindings, ev, started, o.elapsed()));
        }
        return results;
    }

    /**
     * The TXT strings of a selector's answer that are its key records: those that look like DKIM,
     * or for a configured selector every one (a malformed key record is still its key record).
     */
    private static List<String> keyTexts(DkimObservation.Selector l) {
        List<String> txts = l.answer().txtJoined();
        List<String> dkim =
                txts.stream().filter(t -> LOOKS_LIKE_DKIM.matcher(t).find()).toList();
        return l.configured() && dkim.isEmpty() ? txts : dkim;
    }

    /**
     * The state of each selector's key as {@link #analyse} judges it: usable when one of its records
     * has a key a verifier accepts, else revoked, else unusable; a configured selector without a key
     * record is missing. Selectors whose lookup failed, and common selectors without a key record,
     * are left out. Pure: for the configuration correlation (does the selector Rspamd signs with have
     * a key in DNS?).
     */
    public static Map<String, DkimKeyState> keyStates(DkimObservation o) {
        Map<String, DkimKeyState> out = new LinkedHashMap<>();
        for (DkimObservation.Selector l : o.selectors()) {
            if (l.answer().isFailure()) {
                continue;
            }
            List<String> texts = l.answer().outcome() == DnsOutcome.OK ? keyTexts(l) : List.of();
            if (texts.isEmpty()) {
                if (l.configured()) {
                    out.put(l.selector(), DkimKeyState.MISSING);
                }
                continue;
            }
            boolean usable = false;
            boolean revoked = false;
            boolean unusable = false;
            for (String t : texts) {
                switch (DkimKeyRecord.parse(t)) {
                    case DkimKeyRecord.Invalid i -> unusable = true;
                    case DkimKeyRecord.Valid v -> {
                        DkimKeyRecord key = v.record();
                        if (key.revoked()) {
                            revoked = true;
                        } else if (key.keyType().equals("ed25519")
                                || key.rsaBits().orElse(0) >= 1024) {
                            usable = true;
                        } else {
                            unusable = true;
                        }
                        if (!key.revoked() && !key.forEmail()) {
                            unusable = true;
                        }
                    }
                }
            }
            if (usable) {
                out.put(l.selector(), DkimKeyState.USABLE);
            } else if (revoked) {
                out.put(l.selector(), DkimKeyState.REVOKED);
            } else if (unusable) {
                out.put(l.selector(), DkimKeyState.UNUSABLE);
            }
        }
        return out;
    }

    /**
     * What the domain's other selectors publish, as the judgement of one key needs it.
     *
     * @param anyLiveKey some selector publishes a usable (non-revoked) key
     * @param anyRsaKey some selector publishes an RSA key receivers verify (1024 bits or more, for e-mail)
     */
    record Beside(boolean anyLiveKey, boolean anyRsaKey) {}

    /** An RSA key a receiver verifies signatures with (RFC 8301 §3.2: at least 1024 bits). */
    private static boolean verifiableRsa(DkimKeyRecord key) {
        return !key.revoked()
                && !key.keyType().equals("ed25519")
                && key.rsaBits().orElse(0) >= 1024
                && key.forEmail();
    }

    /** Judges the key record(s) of one selector. Pure: {@code beside} says what the other selectors publish. */
    static List<Finding> judgeSelector(String selector, List<String> records, Beside beside) {
        return judgeParsed(selector, records.stream().map(DkimKeyRecord::parse).toList(), beside);
    }

    /** {@link #judgeSelector} of records parsed already. */
    private static List<Finding> judgeParsed(String selector, List<DkimKeyRecord.Parsed> records, Beside beside) {
        List<Finding> out = new ArrayList<>();
        if (records.size() > 1) {
            // RFC 6376 §3.6.2.2: with several records, which one a verifier uses is undefined.
            out.add(Finding.of(
                    DkimCode.DKIM_MULTIPLE_RECORDS,
                    Status.WARN,
                    "selector '" + selector + "' has " + records.size() + " key records; verifiers may pick any"));
        }
        for (DkimKeyRecord.Parsed parsed : records) {
            switch (parsed) {
                case DkimKeyRecord.Invalid inv ->
                    out.add(Finding.of(
                            DkimCode.DKIM_RECORD_INVALID, Status.FAIL, "selector '" + selector + "': " + inv.reason()));
                case DkimKeyRecord.Valid v -> out.addAll(judgeKey(selector, v.record(), beside));
            }
        }
        return out;
    }

    static List<Finding> judgeKey(String selector, DkimKeyRecord key, Beside beside) {
        boolean anyLiveKey = beside.anyLiveKey();
        List<Finding> out = new ArrayList<>();
        String s = "selector '" + selector + "'";
        if (key.revoked()) {
            // RFC 6376 §3.6.1: an empty p= means the key was revoked. Fine beside a live key (rotation).
            out.add(Finding.of(
                    DkimCode.DKIM_KEY_REVOKED,
                    anyLiveKey ? Status.PASS : Status.WARN,
                    s + " publishes a revoked key (empty p=)"
                            + (anyLiveKey ? "" : " and no other selector found has a usable key")));
            return out;
        }
        if (key.keyType().equals("ed25519")) {
            // RFC 8463 §3: Ed25519-SHA256 is a standard DKIM algorithm, but verifiers that know only RSA
            // see such a signature as none; CHECKS.md "dkim": PASS alongside an RSA selector, else WARN.
            out.add(
                    beside.anyRsaKey()
                            ? Finding.of(
                                    DkimCode.DKIM_KEY_ED25519,
                                    Status.PASS,
                                    s + " publishes an Ed25519 key beside an RSA key")
                            : Finding.of(
                                    DkimCode.DKIM_KEY_ED25519,
                                    Status.WARN,
                                    s + " publishes an Ed25519 key and no RSA key was found beside it: publish an"
                                            + " RSA key beside it; many receivers do not verify Ed25519 signatures"
                                            + " yet"));
        } else {
            int bits = key.rsaBits().orElse(0);
            String enc = key.encoding().filter("pkcs1"::equals).isPresent() ? " (bare RSAPublicKey encoding)" : "";
            if (bits < 1024) {
                // RFC 8301 §3.2: verifiers MUST NOT consider signatures with keys under 1024 bits valid.
                out.add(Finding.of(
                        DkimCode.DKIM_KEY_RSA_WEAK,
                        Status.FAIL,
                        s + " publishes a " + bits + "-bit RSA key" + enc + "; RFC 8301 requires at least 1024 bits"));
            } else if (bits < 2048) {
                // RFC 8301 §3.2: signers SHOULD use at least 2048 bits.
                out.add(Finding.of(
                        DkimCode.DKIM_KEY_RSA_SHORT,
                        Status.WARN,
                        s + " publishes a " + bits + "-bit RSA key" + enc + "; use 2048 bits or more"));
            } else {
                out.add(Finding.of(
                        DkimCode.DKIM_KEY_RSA_STRONG, Status.PASS, s + " publishes a " + bits + "-bit RSA key" + enc));
            }
        }
        if (key.sha1Only()) {
            // RFC 8301 §3.1: rsa-sha1 MUST NOT be used for signing or verifying.
            out.add(Finding.of(
                    DkimCode.DKIM_SHA1_ONLY,
                    Status.FAIL,
                    s + " allows only SHA-1 (h=" + DkimKeyRecord.clip(key.tags().get("h"))
                            + "); RFC 8301 forbids rsa-sha1"));
        }
        if (key.testing()) {
            // RFC 6376 §3.6.1 t=y: verifiers must not treat failures differently from unsigned mail.
            out.add(Finding.of(
                    DkimCode.DKIM_TESTING_MODE,
                    Status.WARN,
                    s + " is in testing mode (t="
                            + DkimKeyRecord.clip(key.tags().get("t")) + ")"));
        }
        if (!key.forEmail()) {
            // RFC 6376 §3.6.1 s=: a key restricted to other services cannot verify e-mail signatures.
            out.add(Finding.of(
                    DkimCode.DKIM_NOT_FOR_EMAIL,
                    Status.WARN,
                    s + " is restricted to s=" + DkimKeyRecord.clip(key.tags().get("s"))
                            + " and cannot verify e-mail"));
        }
        return out;
    }

    private static String describe(DnsAnswer a) {
        return DnsWords.reason(a);
    }

    static List<String> loadCommonSelectors() {
        try (InputStream in = DkimCheck.class.getResourceAsStream("common-selectors.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource common-selectors.txt missing beside " + DkimCheck.class);
            }
            LinkedHashSet<String> out = new LinkedHashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String s = line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
