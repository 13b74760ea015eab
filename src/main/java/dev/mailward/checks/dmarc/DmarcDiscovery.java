package dev.mailward.checks.dmarc;

import dev.mailward.checks.dmarc.DmarcRecord.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a domain's DMARC policy lives and what its organisational domain is, by the two methods
 * receivers use today: the RFC 9989 DNS tree walk ({@link #treeWalk}) and the RFC 7489 lookup at
 * the domain then at its Public Suffix List organisational domain ({@link #rfc7489}). Pure over a
 * {@link TxtSource}, so the algorithms are tested on the published vectors without a network.
 */
final class DmarcDiscovery {

    /** RFC 9989 §4.10: at most 8 queries; after the first, continue from at most 7 labels. */
    static final int MAX_WALK_QUERIES = 8;

    static final int SHORTCUT_LABELS = 7;

    private DmarcDiscovery() {}

    /** The TXT strings published at a name, or why they could not be fetched. */
    record TxtLookup(boolean failed, List<String> txts, String outcome, String reason, String plain) {
        TxtLookup {
            txts = List.copyOf(txts);
        }

        TxtLookup(boolean failed, List<String> txts, String outcome, String reason) {
            this(failed, txts, outcome, reason, failed ? "failed (" + outcome + ")" : "succeeded");
        }

        static TxtLookup of(List<String> txts) {
            return new TxtLookup(false, txts, txts.isEmpty() ? "NXDOMAIN" : "OK", "");
        }

        static TxtLookup failure(String outcome, String reason) {
            return new TxtLookup(true, List.of(), outcome, reason);
        }

        /**
         * A failed lookup: {@code reason} is the resolver's text (evidence only), {@code plain} how
         * it ended in a mail admin's words, for messages ("timed out").
         */
        static TxtLookup failure(String outcome, String reason, String plain) {
            return new TxtLookup(true, List.of(), outcome, reason, plain);
        }
    }

    /** Answers TXT questions for {@code _dmarc} names (absolute, no trailing dot). */
    @FunctionalInterface
    interface TxtSource {
        TxtLookup txt(String name);
    }

    /** What one {@code _dmarc} name held. */
    enum Verdict {
        /** Exactly one usable DMARC record. */
        RECORD,
        /** No TXT string that starts with {@code v=DMARC1}. */
        NO_RECORD,
        /** Several DMARC records: all discarded (RFC 9989 §4.10, RFC 7489 §6.6.3). */
        MULTIPLE,
        /** One DMARC record that receivers discard (syntax, version, no policy). */
        INVALID,
        /** The query failed: nothing can be concluded. */
        DNS_FAILURE
    }

    /**
     * One queried {@code _dmarc} name.
     *
     * @param domain the domain the record would be for
     * @param lookup the TXT answer
     * @param verdict what it means for DMARC
     * @param candidates every TXT string that starts with {@code v=DMARC1}, parsed
     * @param misplaced TXT strings that are DMARC after leading whitespace, or SPF records
     */
    record Step(
            String domain, TxtLookup lookup, Verdict verdict, List<DmarcRecord> candidates, List<String> misplaced) {

        Optional<DmarcRecord> record() {
            return verdict == Verdict.RECORD ? Optional.of(candidates.getFirst()) : Optional.empty();
        }

        String queried() {
            return "_dmarc." + domain;
        }

        Map<String, Object> toEvidence() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", queried());
            m.put("outcome", lookup.outcome());
            m.put("txt", lookup.txts());
            m.put("verdict", verdict.name());
            if (!lookup.reason().isEmpty()) {
                m.put("error", lookup.reason());
            }
            return m;
        }
    }

    /**
     * The RFC 9989 tree walk from one domain.
     *
     * @param domain the start (author) domain
     * @param steps every name queried, in order
     * @param policy the step holding the policy record (the first record found), if any
     * @param orgDomain the organisational domain (RFC 9989 §4.10.2), empty when a DNS failure hid it
     * @param failure the DNS failure that stopped the walk, if any
     */
    record WalkResult(
            String domain,
            List<Step> steps,
            Optional<Step> policy,
            Optional<String> orgDomain,
            Optional<Step> failure) {

        /** A failure before any policy record was found: the policy cannot be known. */
        boolean policyUndetermined() {
            return policy.isEmpty() && failure.isPresent();
        }

        List<String> queried() {
            return steps.stream().map(Step::queried).toList();
        }
    }

    /** The {@code _dmarc} names the walk may query for {@code domain}, in order (RFC 9989 §4.10). */
    static List<String> walkDomains(String domain) {
        String[] labels = domain.split("\\.");
        List<String> out = new ArrayList<>();
        out.add(domain);
        int n = labels.length;
        // step 3: with 8 or more labels, continue from the rightmost 7; else drop the leftmost label
        int next = Math.min(n - 1, SHORTCUT_LABELS);
        for (int k = next; k >= 1 && out.size() < MAX_WALK_QUERIES; k--) {
            out.add(String.join(".", Arrays.asList(labels).subList(n - k, n)));
        }
        return out;
    }

    static Step step(String domain, TxtSource source) {
        TxtLookup lookup = source.txt("_dmarc." + domain);
        if (lookup.failed()) {
            return new Step(domain, lookup, Verdict.DNS_FAILURE, List.of(), List.of());
        }
        List<DmarcRecord> candidates = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        for (String txt : lookup.txts()) {
            switch (DmarcParser.classify(txt)) {
                case DMARC -> candidates.add(DmarcParser.parse(txt));
                case DMARC_LEADING_WHITESPACE, SPF -> misplaced.add(txt);
                case OTHER -> {
                    // RFC 9989 §4.10: TXT records that are not DMARC records are discarded
                }
            }
        }
        Verdict verdict = candidates.isEmpty()
                ? Verdict.NO_RECORD
                : candidates.size() > 1
                        ? Verdict.MULTIPLE
                        : candidates.getFirst().usable() ? Verdict.RECORD : Verdict.INVALID;
        return new Step(domain, lookup, verdict, candidates, misplaced);
    }

    /**
     * RFC 9989 §4.10 DNS tree walk, answering both questions at once: policy discovery (§4.10.1:
     * the first record found applies) and the organisational domain (§4.10.2: a record with
     * {@code psd=n} is the organisational domain, one with {@code psd=y} marks a public suffix
     * domain whose child is the organisational domain; otherwise the record with the fewest
     * labels; the domain itself when no record exists). The walk stops at a {@code psd=y|n}
     * record, at a DNS failure, or after {@value #MAX_WALK_QUERIES} queries.
     */
    static WalkResult treeWalk(String domain, TxtSource source) {
        String[] labels = domain.split("\\.");
        List<Step> steps = new ArrayList<>();
        Optional<Step> policy = Optional.empty();
        Optional<String> org = Optional.empty();
        Optional<String> fewest = Optional.empty();
        Optional<Step> failure = Optional.empty();
        for (String d : walkDomains(domain)) {
            Step s = step(d, source);
            steps.add(s);
            if (s.verdict() == Verdict.DNS_FAILURE) {
                failure = Optional.of(s);
                break;
            }
            Optional<DmarcRecord> r = s.record();
            if (r.isEmpty()) {
                continue;
            }
            if (policy.isEmpty()) {
                policy = Optional.of(s);
            }
            fewest = Optional.of(d);
            if ("n".equals(r.get().psd())) {
                org = Optional.of(d);
                break;
            }
            if ("y".equals(r.get().psd())) {
                int k = d.split("\\.").length;
                org = Optional.of(
                        k >= labels.length
                                ? domain
                                : String.join(
                                        ".", Arrays.asList(labels).subList(labels.length - k - 1, labels.length)));
                break;
            }
        }
        if (org.isEmpty() && failure.isEmpty()) {
            org = Optional.of(fewest.orElse(domain));
        }
        return new WalkResult(domain, List.copyOf(steps), policy, org, failure);
    }

    /** Outcome of RFC 7489 §6.6.3 policy discovery. */
    enum LegacyStatus {
        FOUND,
        NO_RECORD,
        MULTIPLE_RECORDS,
        PERMERROR,
        TEMPERROR
    }

    /**
     * RFC 7489 discovery.
     *
     * @param orgDomain the PSL organisational domain (empty when the domain is a public suffix)
     * @param steps the names queried (the domain, then the organisational domain when different)
     * @param status the outcome
     * @param policy the step with the applied record, if found
     */
    record LegacyResult(Optional<String> orgDomain, List<Step> steps, LegacyStatus status, Optional<Step> policy) {
        List<String> queried() {
            return steps.stream().map(Step::queried).toList();
        }
    }

    /**
     * RFC 7489 §6.6.3: query the domain; if it has no DMARC record, query its Organizational Domain
     * (§3.2, from the Public Suffix List). Several records or an invalid one end discovery there.
     */
    static LegacyResult rfc7489(String domain, TxtSource source, PublicSuffixList psl) {
        Optional<String> org = psl.registrableDomain(domain);
        List<Step> steps = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(domain));
        org.filter(o -> !o.equals(domain)).ifPresent(names::add);
        for (String d : names) {
            Step s = step(d, source);
            steps.add(s);
            switch (s.verdict()) {
                case DNS_FAILURE -> {
                    return new LegacyResult(org, steps, LegacyStatus.TEMPERROR, Optional.empty());
                }
                case MULTIPLE -> {
                    return new LegacyResult(org, steps, LegacyStatus.MULTIPLE_RECORDS, Optional.empty());
                }
                case INVALID -> {
                    return new LegacyResult(org, steps, LegacyStatus.PERMERROR, Optional.empty());
                }
                case RECORD -> {
                    if (!s.candidates().getFirst().usableUnderRfc7489()) {
                        return new LegacyResult(org, steps, LegacyStatus.PERMERROR, Optional.empty());
                    }
                    return new LegacyResult(org, steps, LegacyStatus.FOUND, Optional.of(s));
                }
                case NO_RECORD -> {
                    // continue with the organisational domain
                }
            }
        }
        return new LegacyResult(org, steps, LegacyStatus.NO_RECORD, Optional.empty());
    }

    /**
     * The policy a receiver applies to mail from {@code domain} under {@code record} published
     * for {@code recordDomain}: p for the domain itself; for a subdomain np when it does not exist
     * (RFC 9989 §4.7; ignored under RFC 7489), else sp, else p.
     */
    static Policy appliedPolicy(
            DmarcRecord record, String recordDomain, String domain, boolean domainExists, boolean withNp) {
        if (recordDomain.equals(domain)) {
            return record.domainPolicy();
        }
        if (!domainExists && withNp) {
            return record.nonExistentPolicy();
        }
        return record.subdomainPolicy();
    }
}
