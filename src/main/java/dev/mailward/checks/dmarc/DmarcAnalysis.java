package dev.mailward.checks.dmarc;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.checks.dmarc.DmarcDiscovered.Destination;
import dev.mailward.checks.dmarc.DmarcDiscovery.LegacyResult;
import dev.mailward.checks.dmarc.DmarcDiscovery.Step;
import dev.mailward.checks.dmarc.DmarcDiscovery.Verdict;
import dev.mailward.checks.dmarc.DmarcDiscovery.WalkResult;
import dev.mailward.checks.dmarc.DmarcParser.TxtKind;
import dev.mailward.checks.dmarc.DmarcRecord.Policy;
import dev.mailward.checks.dmarc.DmarcRecord.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The judgement of the dmarc check (CHECKS.md "dmarc"): a pure function of a
 * {@link DmarcDiscovered}, giving findings and the family-specific evidence details.
 */
final class DmarcAnalysis {

    /** RFC 9990 gives no limit, but receivers commonly send to at most two rua URIs. */
    static final int MAX_RUA = 2;

    private DmarcAnalysis() {}

    record Outcome(List<Finding> findings, Map<String, Object> details) {}

    static Outcome analyse(DmarcDiscovered obs) {
        List<Finding> f = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        String domain = obs.domain();
        WalkResult walk = obs.walk();
        details.put("treeWalk", walkEvidence(walk));
        details.put("rfc7489", legacyEvidence(obs.legacy()));
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("treeWalk", walk.orgDomain().orElse(null));
        org.put("publicSuffixList", obs.legacy().orgDomain().orElse(null));
        details.put("organisationalDomain", org);

        Step author = walk.steps().getFirst();
        judgeAuthorStep(author, f);

        if (walk.policyUndetermined()) {
            Step failed = walk.failure().orElseThrow();
            f.add(Finding.of(DmarcCode.DMARC_DNS_ERROR, Status.ERROR, undetermined(walk, failed)));
            return new Outcome(f, details);
        }
        if (walk.policy().isEmpty()) {
            if (author.verdict() == Verdict.NO_RECORD) {
                f.add(Finding.of(
                        DmarcCode.DMARC_MISSING,
                        Status.FAIL,
                        "no DMARC record at " + author.queried()
                                + " nor at "
                                + String.join(
                                        ", ",
                                        walk.queried().subList(1, walk.queried().size()))
                                + (obs.mail().sendsNoMail()
                                        ? "; this domain sends no mail: publish \"v=DMARC1; p=reject;" + " sp=reject\""
                                        : "")));
            }
            nonSending(obs, Optional.empty(), f);
            orgDisagreement(obs, f);
            return new Outcome(f, details);
        }

        Step policyStep = walk.policy().get();
        DmarcRecord record = policyStep.record().orElseThrow();
        details.put("record", recordEvidence(policyStep, record));
        boolean own = policyStep.domain().equals(domain);
        if (!own) {
            f.add(Finding.of(
                    DmarcCode.DMARC_INHERITED,
                    Status.PASS,
                    "no DMARC record at " + author.queried()
                            + "; the record at " + policyStep.queried()
                            + (record.psd().equals("y") ? " (public suffix" + " domain, psd=y)" : "") + " applies"));
            lint(record, policyStep, f);
        }
        Policy applied = DmarcDiscovery.appliedPolicy(record, policyStep.domain(), domain, obs.domainExists(), true);
        String tag = own
                ? "p"
                : !obs.domainExists()
                        ? (record.np().isPresent() ? "np" : record.sp().isPresent() ? "sp" : "p")
                        : (record.sp().isPresent() ? "sp" : "p");
        Policy effective = record.testing() ? applied.weaker() : applied;
        Map<String, Object> eff = new LinkedHashMap<>();
        eff.put("domain", effective.token());
        eff.put("from", tag + "=" + applied.token() + (record.testing() ? " with t=y" : ""));
        eff.put(
                "subdomains",
                (record.testing() ? record.subdomainPolicy().weaker() : record.subdomainPolicy()).token());
        eff.put(
                "nonExistentSubdomains",
                (record.testing() ? record.nonExistentPolicy().weaker() : record.nonExistentPolicy()).token());
        eff.put("domainExists", obs.domainExists());
        details.put("effectivePolicy", eff);

        String where = " (record at " + policyStep.queried() + ")";
        if (record.testing()) {
            // RFC 9989 §4.7 "t": t=y asks receivers to apply the next weaker policy
            f.add(Finding.of(
                    DmarcCode.DMARC_TESTING_MODE,
                    Status.WARN,
                    "t=y: receivers apply " + effective.token() + " instead of " + tag + "=" + applied.token()
                            + where));
        }
        switch (effective) {
            case REJECT ->
                f.add(Finding.of(DmarcCode.DMARC_POLICY_REJECT, Status.PASS, tag + "=reject for " + domain + where));
            case QUARANTINE ->
                f.add(Finding.of(
                        DmarcCode.DMARC_POLICY_QUARANTINE,
                        Status.PASS,
                        "quarantine for " + domain + where + "; reject is the stronger policy once reports are clean"));
            case NONE ->
                f.add(Finding.of(
                        DmarcCode.DMARC_UNENFORCED,
                        Status.FAIL,
                        (record.policyFallbackNone()
                                        ? "no valid p tag, receivers apply none"
                                        : tag + "=" + applied.token() + (record.testing() ? " with t=y" : ""))
                                + " for " + domain + where
                                + ": monitoring only, unenforced"));
        }
        if (effective != Policy.NONE) {
            Policy sub = record.testing() ? record.subdomainPolicy().weaker() : record.subdomainPolicy();
            Policy np = record.testing() ? record.nonExistentPolicy().weaker() : record.nonExistentPolicy();
            if (sub == Policy.NONE) {
                f.add(Finding.of(
                        DmarcCode.DMARC_SUBDOMAIN_UNENFORCED,
                        Status.WARN,
                        "subdomains of " + domain + " get none (sp="
                                + record.subdomainPolicy().token() + ")" + where));
            } else if (np == Policy.NONE) {
                f.add(Finding.of(
                        DmarcCode.DMARC_SUBDOMAIN_UNENFORCED,
                        Status.WARN,
                        "non-existent subdomains of " + domain + " get none (np="
                                + record.nonExistentPolicy().token() + ")" + where));
            }
        }
        reports(obs, policyStep, record, f, details);
        nonSending(
                obs,
                Optional.of(new Policy[] {
                    effective, record.testing() ? record.subdomainPolicy().weaker() : record.subdomainPolicy()
                }),
                f);
        orgDisagreement(obs, f);
        return new Outcome(f, details);
    }

    private static void judgeAuthorStep(Step author, List<Finding> f) {
        for (String txt : author.misplaced()) {
            if (DmarcParser.classify(txt) == TxtKind.SPF) {
                f.add(Finding.of(
                        DmarcCode.DMARC_SPF_AT_DMARC,
                        Status.FAIL,
                        "SPF record " + DmarcText.show(txt) + " published at " + author.queried()
                                + "; it belongs at the domain itself"));
            } else {
                f.add(Finding.of(
                        DmarcCode.DMARC_LEADING_WHITESPACE,
                        Status.FAIL,
                        "record " + DmarcText.show(txt) + " at " + author.queried()
                                + " starts with whitespace; receivers ignore it"));
            }
        }
        switch (author.verdict()) {
            case MULTIPLE ->
                f.add(Finding.of(
                        DmarcCode.DMARC_MULTIPLE_RECORDS,
                        Status.FAIL,
                        author.candidates().size() + " DMARC records at " + author.queried()
                                + "; receivers discard them all (RFC 9989 §4.10)"));
            case INVALID -> {
                DmarcRecord r = author.candidates().getFirst();
                for (Problem p : r.problems()) {
                    if (p.fatal()) {
                        DmarcCode code = switch (p.kind()) {
                            case DUPLICATE_TAG -> DmarcCode.DMARC_DUPLICATE_TAG;
                            case INVALID_VALUE -> DmarcCode.DMARC_INVALID_VALUE;
                            default -> DmarcCode.DMARC_INVALID_RECORD;
                        };
                        f.add(Finding.of(
                                code,
                                Status.FAIL,
                                author.queried() + ": " + p.message() + "; receivers discard the record"));
                    }
                }
            }
            case RECORD -> lint(author.record().orElseThrow(), author, f);
            case NO_RECORD, DNS_FAILURE -> {
                // reported with the policy
            }
        }
    }

    /** Non-fatal problems of an applied record. */
    private static void lint(DmarcRecord r, Step step, List<Finding> f) {
        for (Problem p : r.problems()) {
            switch (p.kind()) {
                case TAG_ORDER ->
                    f.add(Finding.of(
                            DmarcCode.DMARC_TAG_ORDER,
                            Status.WARN,
                            step.queried() + ": " + p.message() + "; RFC 7489 receivers discard the record"));
                case OBSOLETE_TAG ->
                    f.add(Finding.of(DmarcCode.DMARC_OBSOLETE_TAG, Status.WARN, step.queried() + ": " + p.message()));
                case URI_UNSUPPORTED ->
                    f.add(Finding.of(
                            DmarcCode.DMARC_REPORT_URI_UNSUPPORTED, Status.WARN, step.queried() + ": " + p.message()));
                case POLICY_FALLBACK -> {
                    if (p.tag().equals("sp") || p.tag().equals("np")) {
                        f.add(Finding.of(
                                DmarcCode.DMARC_INVALID_VALUE,
                                Status.FAIL,
                                step.queried() + ": " + p.message()
                                        + "; receivers apply none to the whole record (RFC 7489 §6.6.3)"));
                    }
                }
                default -> {
                    // fatal kinds do not occur in a usable record
                }
            }
        }
    }

    private static void reports(
            DmarcDiscovered obs, Step policyStep, DmarcRecord record, List<Finding> f, Map<String, Object> details) {
        if (record.rua().isEmpty()) {
            f.add(Finding.of(
                    DmarcCode.DMARC_NO_RUA,
                    Status.WARN,
                    "no rua tag in the record at "
                            + policyStep.queried() + ": no aggregate reports, no visibility of who sends as "
                            + obs.domain()));
        } else if (record.rua().size() > MAX_RUA) {
            f.add(Finding.of(
                    DmarcCode.DMARC_TOO_MANY_RUA,
                    Status.WARN,
                    record.rua().size()
                            + " rua URIs at " + policyStep.queried() + " (more than " + MAX_RUA
                            + "; receivers may send to the first two only)"));
        }
        List<Map<String, Object>> ev = new ArrayList<>();
        for (Destination d : obs.destinations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", d.tag());
            m.put("uri", d.uri());
            m.put("host", d.host());
            m.put("external", d.external());
            d.authName().ifPresent(n -> m.put("authorisationName", n));
            ev.add(m);
            if (!d.external() || d.auth().isEmpty()) {
                continue;
            }
            var auth = d.auth().get();
            if (auth.failed()) {
                m.put("authorisation", "unknown: " + auth.outcome());
                f.add(Finding.of(
                        DmarcCode.DMARC_DNS_ERROR,
                        Status.ERROR,
                        "cannot tell whether " + d.host() + " accepts DMARC reports for " + policyStep.domain()
                                + ": the lookup of " + d.authName().orElseThrow() + " " + auth.plain()));
            } else if (auth.txts().stream().anyMatch(t -> DmarcParser.classify(t) == TxtKind.DMARC)) {
                m.put("authorisation", "authorised");
            } else {
                m.put("authorisation", "missing");
                // RFC 7489 §7.1 / RFC 9990 §4: without it receivers must not send the reports
                f.add(Finding.of(
                        DmarcCode.DMARC_REPORT_NOT_AUTHORISED,
                        Status.WARN,
                        d.tag() + " " + d.uri()
                                + ": " + d.host() + " has not authorised reports for " + policyStep.domain()
                                + " (no v=DMARC1 at "
                                + d.authName().orElseThrow() + ")"));
            }
        }
        details.put("reportDestinations", ev);
    }

    private static void nonSending(DmarcDiscovered obs, Optional<Policy[]> policies, List<Finding> f) {
        var mail = obs.mail();
        if (!mail.sendsNoMail()) {
            return;
        }
        String why = mail.nullMx().orElse(false) ? "null MX \"0 .\"" : "SPF \"v=spf1 -all\"";
        if (policies.isEmpty()) {
            f.add(Finding.of(
                    DmarcCode.DMARC_NON_SENDING_NOT_REJECT,
                    Status.FAIL,
                    obs.domain() + " sends no mail (" + why
                            + ") but has no DMARC policy; publish \"v=DMARC1; p=reject; sp=reject\""));
            return;
        }
        Policy own = policies.get()[0];
        Policy sub = policies.get()[1];
        if (own != Policy.REJECT || sub != Policy.REJECT) {
            // a domain that sends nothing loses nothing by rejecting everything (RFC 7505 §4, M3AAWG parked domains)
            f.add(Finding.of(
                    DmarcCode.DMARC_NON_SENDING_NOT_REJECT,
                    Status.FAIL,
                    obs.domain() + " sends no mail ("
                            + why + ") but receivers apply " + own.token() + " to it and " + sub.token()
                            + " to its subdomains; publish p=reject and sp=reject"));
        }
    }

    private static void orgDisagreement(DmarcDiscovered obs, List<Finding> f) {
        Optional<String> walkOrg = obs.walk().orgDomain();
        Optional<String> pslOrg = obs.legacy().orgDomain();
        if (walkOrg.isPresent() && pslOrg.isPresent() && !walkOrg.get().equals(pslOrg.get())) {
            f.add(Finding.of(
                    DmarcCode.DMARC_ORG_DOMAIN_DISAGREE,
                    Status.WARN,
                    "organisational domain of "
                            + obs.domain() + ": " + walkOrg.get() + " by the RFC 9989 tree walk, " + pslOrg.get()
                            + " by the Public Suffix List (RFC 7489); receivers using either align differently"));
            return;
        }
        Optional<String> walkPolicy = obs.walk().policy().map(Step::domain);
        Optional<String> legacyPolicy = obs.legacy().policy().map(Step::domain);
        if (!obs.walk().policyUndetermined()
                && !walkPolicy.equals(legacyPolicy)
                && obs.legacy().status() != DmarcDiscovery.LegacyStatus.TEMPERROR) {
            f.add(Finding.of(
                    DmarcCode.DMARC_ORG_DOMAIN_DISAGREE,
                    Status.WARN,
                    "policy of " + obs.domain()
                            + ": RFC 9989 receivers apply the record at "
                            + walkPolicy.map(d -> "_dmarc." + d).orElse("none")
                            + ", RFC 7489 receivers "
                            + legacyPolicy
                                    .map(d -> "the record at _dmarc." + d)
                                    .orElse("none (" + obs.legacy().status() + ")")));
        }
    }

    /**
     * Why the policy is unknown, what was found first: the steps the walk answered (no record at
     * {@code _dmarc.<domain>}), then what could not be determined and why, in plain words (the
     * resolver's text stays in the evidence).
     */
    private static String undetermined(WalkResult walk, Step failed) {
        String domain = walk.domain();
        String why = "the lookup of " + failed.queried() + " " + failed.lookup().plain();
        if (failed.domain().equals(domain)) {
            return "The DMARC record at " + failed.queried() + " could not be read: " + why + ". The DMARC policy of "
                    + domain + " cannot be determined.";
        }
        List<String> answered = walk.steps().stream()
                .takeWhile(s -> s != failed)
                .map(Step::queried)
                .toList();
        boolean noneAtAll =
                walk.steps().stream().takeWhile(s -> s != failed).allMatch(s -> s.verdict() == Verdict.NO_RECORD);
        String found =
                (noneAtAll ? "No DMARC record at " : "No usable DMARC record at ") + String.join(", ", answered) + ".";
        return found + " The record higher up the tree at " + failed.queried()
                + ", which would give the organisational domain's policy, could not be determined: " + why
                + ". So the DMARC policy that applies to " + domain + " is unknown.";
    }

    private static Map<String, Object> walkEvidence(WalkResult walk) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", walk.steps().stream().map(Step::toEvidence).toList());
        m.put("policyDomain", walk.policy().map(Step::domain).orElse(null));
        m.put("organisationalDomain", walk.orgDomain().orElse(null));
        m.put("stoppedByFailure", walk.failure().map(Step::queried).orElse(null));
        return m;
    }

    private static Map<String, Object> legacyEvidence(LegacyResult legacy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organisationalDomain", legacy.orgDomain().orElse(null));
        m.put("queried", legacy.queried());
        m.put("status", legacy.status().name());
        m.put("policyDomain", legacy.policy().map(Step::domain).orElse(null));
        return m;
    }

    private static Map<String, Object> recordEvidence(Step step, DmarcRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", step.queried());
        m.put("text", r.raw());
        m.put("tags", r.tags());
        m.put("problems", r.problems().stream().map(Problem::message).toList());
        return m;
    }
}
