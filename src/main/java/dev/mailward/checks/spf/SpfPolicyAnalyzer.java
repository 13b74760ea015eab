package dev.mailward.checks.spf;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.checks.spf.SpfDns.Kind;
import dev.mailward.checks.spf.SpfDns.Lookup;
import dev.mailward.checks.spf.SpfRecord.Mechanism;
import dev.mailward.checks.spf.SpfRecord.Qualifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Static analysis of a domain's SPF policy (not a sender evaluation): fetches the record, follows
 * include and redirect targets, counts the DNS-querying terms of each node and of its subtree, and
 * judges the policy by CHECKS.md "spf". The walk is bounded (depth, nodes) and loop-safe.
 */
final class SpfPolicyAnalyzer {

    static final int MAX_DEPTH = 12;
    static final int MAX_NODES = 40;
    /** RFC 7208 §3.4: records over 450 octets risk UDP truncation. */
    static final int MAX_RECORD_OCTETS = 450;

    static final int MAX_STRING_OCTETS = 255;
    static final int LOOKUPS_WARN = 8;

    private final SpfDns dns;
    private final List<Finding> findings = new ArrayList<>();
    private int nodes;

    /**
     * @param tree the resolved tree as plain maps/lists/strings (evidence {@code spfTree})
     * @param record the parsed top record, if it parsed
     * @param findings the judgements
     * @param totalLookups DNS-querying terms over the whole tree
     * @param dnsError whether a DNS failure left the analysis incomplete
     */
    record Analysis(
            Map<String, Object> tree,
            Optional<SpfRecord> record,
            List<Finding> findings,
            int totalLookups,
            boolean dnsError) {}

    SpfPolicyAnalyzer(SpfDns dns) {
        this.dns = dns;
    }

    private record Walked(
            Map<String, Object> node,
            Optional<SpfRecord> record,
            int cumulative,
            Optional<Mechanism.All> effectiveAll,
            boolean hasRedirect) {}

    private boolean dnsError;

    Analysis analyze(String domain) {
        Walked root = walk(domain, "record", List.of(), 0);
        int total = root.cumulative();
        if (root.record().isPresent()) {
            // §4.6.4: at most 10 DNS-querying terms over the whole evaluation
            if (total > SpfEvaluator.MAX_DNS_TERMS) {
                add(
                        SpfCode.SPF_TOO_MANY_LOOKUPS,
                        Status.FAIL,
                        total + " DNS-querying terms (limit " + SpfEvaluator.MAX_DNS_TERMS + ")");
            } else if (total >= LOOKUPS_WARN) {
                add(
                        SpfCode.SPF_LOOKUPS_NEAR_LIMIT,
                        Status.WARN,
                        total + " DNS-querying terms (limit " + SpfEvaluator.MAX_DNS_TERMS + ")");
            } else {
                add(
                        SpfCode.SPF_LOOKUPS_OK,
                        Status.PASS,
                        total + " DNS-querying terms (limit " + SpfEvaluator.MAX_DNS_TERMS + ")");
            }
            Optional<Mechanism.All> all = root.effectiveAll();
            if (all.isEmpty()) {
                if (!root.hasRedirect()) {
                    add(
                            SpfCode.SPF_NO_ALL,
                            Status.FAIL,
                            "the SPF record of " + domain
                                    + " ends without 'all' or 'redirect=': unmatched senders get neutral");
                }
            } else if (all.get().qualifier() == Qualifier.PASS || all.get().qualifier() == Qualifier.NEUTRAL) {
                add(
                        SpfCode.SPF_PERMISSIVE_ALL,
                        Status.FAIL,
                        "'" + all.get().text() + "' in the SPF policy of " + domain
                                + " lets any host send as the domain");
            } else if (all.get().qualifier() == Qualifier.SOFTFAIL) {
                // CHECKS.md "spf": ~all passes for sending domains (forwarding-friendly), but it is a
                // softfail, not a rejection: receivers accept unlisted senders and DMARC decides.
                add(
                        SpfCode.SPF_ALL_SOFTFAIL,
                        Status.PASS,
                        "the SPF policy of " + domain + " ends in '" + all.get().text()
                                + "' (softfail): mail from hosts it does not list is marked as suspicious, not"
                                + " refused; the DMARC policy decides what receivers do with it");
            } else {
                add(
                        SpfCode.SPF_ALL_ENFORCED,
                        Status.PASS,
                        "the SPF policy of " + domain + " ends in '" + all.get().text()
                                + "' (fail): receivers may refuse mail from hosts it does not list");
            }
        }
        return new Analysis(root.node(), root.record(), List.copyOf(findings), total, dnsError);
    }

    private void add(SpfCode code, Status status, String message) {
        Finding f = Finding.of(code, status, message);
        if (!findings.contains(f)) {
            findings.add(f);
        }
    }

    private Walked walk(String rawDomain, String via, List<String> path, int depth) {
        String domain = SpfZoneNames.norm(rawDomain);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("domain", domain);
        node.put("via", via);
        Walked empty = new Walked(node, Optional.empty(), 0, Optional.empty(), false);
        nodes++;
        if (!SpfEvaluator.validDnsName(domain)) {
            node.put("error", "not a valid domain name");
            return empty;
        }
        Lookup<List<String>> txt = dns.txt(domain);
        if (txt.kind() == Kind.ERROR) {
            dnsError = true;
            node.put("error", "TXT lookup failed: " + txt.detail());
            add(SpfCode.SPF_DNS_ERROR, Status.ERROR, "TXT lookup of " + domain + " failed: " + txt.detail());
            return empty;
        }
        List<List<String>> spf = new ArrayList<>();
        for (List<String> strings : txt.values()) {
            if (SpfRecordParser.isSpfRecord(String.join("", strings))) {
                spf.add(strings);
            }
        }
        boolean root = path.isEmpty();
        if (spf.isEmpty()) {
            node.put("error", "no v=spf1 record");
            if (root) {
                add(SpfCode.SPF_NO_RECORD, Status.FAIL, "no v=spf1 TXT record at " + domain);
            } else {
                // §5.2 / §6.1: an include or redirect target without a record is permerror
                add(SpfCode.SPF_TARGET_WITHOUT_SPF, Status.FAIL, via + " target " + domain + " has no SPF record");
            }
            return empty;
        }
        if (spf.size() > 1) {
            List<String> texts = spf.stream().map(s -> String.join("", s)).toList();
            node.put("records", texts);
            node.put("error", spf.size() + " v=spf1 records");
            // §4.5: several records are permerror
            add(
                    SpfCode.SPF_MULTIPLE_RECORDS,
                    Status.FAIL,
                    spf.size() + " v=spf1 records at " + domain + ": " + String.join(" | ", texts));
            return empty;
        }
        List<String> strings = spf.getFirst();
        String text = String.join("", strings);
        node.put("record", text);
        for (String s : strings) {
            int octets = s.getBytes(StandardCharsets.ISO_8859_1).length;
            if (octets > MAX_STRING_OCTETS) {
                add(
                        SpfCode.SPF_STRING_TOO_LONG,
                        Status.WARN,
                        "a TXT string of the SPF record of " + domain + " has " + octets + " octets (limit "
                                + MAX_STRING_OCTETS + ")");
            }
        }
        int octets = text.getBytes(StandardCharsets.ISO_8859_1).length;
        if (octets > MAX_RECORD_OCTETS) {
            // §3.4: keep records small enough for one UDP answer
            add(
                    SpfCode.SPF_RECORD_TOO_LONG,
                    Status.WARN,
                    "the SPF record of " + domain + " has " + octets + " octets (more than " + MAX_RECORD_OCTETS + ")");
        }
        SpfRecord record;
        try {
            record = SpfRecordParser.parse(text);
        } catch (SpfSyntaxException e) {
            node.put("error", e.getMessage());
            add(SpfCode.SPF_SYNTAX_ERROR, Status.FAIL, "SPF record of " + domain + ": " + e.getMessage());
            return empty;
        }
        List<String> nextPath = new ArrayList<>(path);
        nextPath.add(domain);
        int own = 0;
        List<Map<String, Object>> children = new ArrayList<>();
        int cumulativeChildren = 0;
        boolean sawAll = false;
        for (Mechanism m : record.mechanisms()) {
            if (sawAll) {
                break; // §5.1: mechanisms after all are never evaluated
            }
            if (m instanceof Mechanism.All) {
                sawAll = true;
            }
            if (!m.queriesDns()) {
                continue;
            }
            own++;
            if (m instanceof Mechanism.Ptr) {
                add(
                        SpfCode.SPF_PTR_USED,
                        Status.WARN,
                        "'" + m.text() + "' in the SPF record of " + domain
                                + " (RFC 7208 §5.5: ptr SHOULD NOT be used)");
            }
            if (m instanceof Mechanism.Include inc) {
                Walked child = follow(inc.domain(), "include", m.text(), domain, nextPath, depth);
                children.add(child.node());
                cumulativeChildren += child.cumulative();
                if (child.effectiveAll()
                                .map(a -> a.qualifier() == Qualifier.PASS)
                                .orElse(false)
                        && m.qualifier() == Qualifier.PASS) {
                    add(
                            SpfCode.SPF_PERMISSIVE_ALL,
                            Status.FAIL,
                            "'" + m.text() + "' in the SPF record of " + domain + " includes '"
                                    + child.effectiveAll().get().text() + "': any host passes");
                }
            }
        }
        Optional<Mechanism.All> all = record.all();
        boolean redirect = record.redirect().isPresent() && all.isEmpty();
        if (record.redirect().isPresent() && all.isPresent()) {
            node.put("redirectIgnored", "redirect= is ignored because the record has 'all' (RFC 7208 §6.1)");
        }
        if (redirect) {
            own++;
            Walked child = follow(
                    record.redirect().get(),
                    "redirect",
                    "redirect=" + record.redirect().get().raw(),
                    domain,
                    nextPath,
                    depth);
            children.add(child.node());
            cumulativeChildren += child.cumulative();
            all = child.effectiveAll();
        }
        node.put("lookups", own);
        node.put("cumulativeLookups", own + cumulativeChildren);
        if (!children.isEmpty()) {
            node.put("children", children);
        }
        return new Walked(node, Optional.of(record), own + cumulativeChildren, all, redirect);
    }

    private Walked follow(MacroString target, String via, String term, String domain, List<String> path, int depth) {
        String letters = target.lettersUsed().replace("d", "");
        if (!letters.isEmpty()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("domain", target.raw());
            node.put("via", via);
            node.put("note", "depends on the sender (macros '" + letters + "'): not followed");
            return new Walked(node, Optional.empty(), 0, Optional.empty(), false);
        }
        String name = SpfZoneNames.norm(target.expandDomain(letter -> domain));
        if (path.contains(name)) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("domain", name);
            node.put("via", via);
            node.put("error", "loop: " + String.join(" -> ", path) + " -> " + name);
            add(
                    SpfCode.SPF_INCLUDE_LOOP,
                    Status.FAIL,
                    "'" + term + "' loops back: " + String.join(" -> ", path) + " -> " + name);
            // a loop evaluates until the 10-term limit: count it as over the limit
            return new Walked(node, Optional.empty(), SpfEvaluator.MAX_DNS_TERMS + 1, Optional.empty(), false);
        }
        if (depth + 1 > MAX_DEPTH || nodes >= MAX_NODES) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("domain", name);
            node.put("via", via);
            node.put("note", "not followed: tree larger than " + MAX_NODES + " nodes or deeper than " + MAX_DEPTH);
            return new Walked(node, Optional.empty(), 0, Optional.empty(), false);
        }
        return walk(name, via, path, depth + 1);
    }

    /** Name normalisation shared by the walker. */
    static final class SpfZoneNames {
        private SpfZoneNames() {}

        static String norm(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        }
    }
}
