package dev.mailward.mitigations;

import dev.mailward.checks.SpfVerification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SPF record proposed for a sending domain, built from the observed SPF tree (evidence
 * {@code spfTree}) and MX hosts, and checked by evaluating it before it is shown: its DNS lookups over
 * the whole tree and the result for every sender address the current record(s) list. Two records are
 * merged into one carrying the senders of both; over the lookup limit, the includes that resolve to
 * fixed addresses are flattened.
 */
final class SpfFixes {

    /** At most this many terms of the current SPF record are named as not carried over. */
    private static final int MAX_DROPPED = 10;
    /** Bounds of the walk over the observed tree. */
    private static final int MAX_NODES = 200;

    private static final int MAX_DEPTH = 12;
    private static final int MAX_ADDRESSES = 150;
    /** Terms the SPF proposal carries over as they are: a, a:name, mx:name (no CIDR, no macro). */
    private static final Pattern HOST_TERM = Pattern.compile("a|(a|mx):[a-z0-9._-]{1,253}");

    private SpfFixes() {}

    /**
     * What the domain's SPF evidence and MX result say.
     *
     * @param domain the domain
     * @param tree the {@code spfTree} root, empty when there is no SPF evidence
     * @param mxHosts the MX host names ({@code mxObserved} false: not known)
     * @param mxAddresses addresses of each MX host
     * @param implicitMx no MX record: mail goes to the domain's own addresses
     */
    record Input(
            String domain,
            Optional<Map<?, ?>> tree,
            List<String> mxHosts,
            Map<String, List<String>> mxAddresses,
            boolean implicitMx,
            List<FixGenerator.SeenSender> seen) {
        Input {
            seen = List.copyOf(seen);
        }

        /** Without senders seen in reports. */
        Input(
                String domain,
                Optional<Map<?, ?>> tree,
                List<String> mxHosts,
                Map<String, List<String>> mxAddresses,
                boolean implicitMx) {
            this(domain, tree, mxHosts, mxAddresses, implicitMx, List.of());
        }
    }

    /** At most this many senders seen in DMARC reports are added, the most messages first. */
    static final int MAX_SEEN = 10;

    /** The label of the senders seen in DMARC reports, in the fix's explanation. */
    static final String SEEN_LABEL = "seen in DMARC reports, sending with a valid DKIM signature";

    /** The proposal as a fix. */
    static GeneratedFix fix(Input in) {
        List<String> records = currentRecords(in.tree());
        boolean merge = records.size() > 1;
        List<SpfRecordBuilder.Include> includes = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> hostTerms = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        boolean hadMx = false;
        Map<String, Map<?, ?>> children = new LinkedHashMap<>();
        in.tree().ifPresent(root -> children.putAll(includeChildren(root)));
        for (String record : records) {
            for (String term : record.trim().split("\\s+")) {
                String lower = term.toLowerCase(Locale.ROOT);
                char q = qualifier(lower);
                String t = unqualified(lower);
                if (t.equals("v=spf1") || t.equals("all") || t.isEmpty()) {
                    continue;
                }
                if (q == '+' && (t.startsWith("ip4:") || t.startsWith("ip6:"))) {
                    addresses.add(term.substring(term.indexOf(':') + 1));
                } else if (q == '+' && t.equals("mx")) {
                    hadMx = true;
                } else if (q == '+' && HOST_TERM.matcher(t).matches()) {
                    hostTerms.add(t);
                } else if (q == '+' && t.startsWith("include:")) {
                    String target = t.substring("include:".length());
                    Map<?, ?> child = children.get(target);
                    int lookups =
                            child != null && child.get("cumulativeLookups") instanceof Number n ? n.intValue() + 1 : 1;
                    includes.add(new SpfRecordBuilder.Include(
                            target, lookups, child == null ? Optional.empty() : fixedAddresses(child, 0)));
                } else if (dropped.size() < MAX_DROPPED) {
                    dropped.add(term.length() > 80 ? term.substring(0, 80) + "…" : term);
                }
            }
        }
        List<String> mxAddresses = new ArrayList<>();
        in.mxAddresses().values().forEach(mxAddresses::addAll);
        // ip4/ip6 terms cost no DNS lookup (RFC 7208 §4.6.4): the senders seen in reports never push it over 10
        List<String> seen = AddressBlocks.collapse(in.seen().stream()
                .sorted(java.util.Comparator.comparingLong(FixGenerator.SeenSender::messages)
                        .reversed())
                .limit(MAX_SEEN)
                .map(FixGenerator.SeenSender::ip)
                .toList());
        List<String> seenAdded =
                seen.stream().filter(a -> !addresses.contains(a)).toList();
        addresses.addAll(seenAdded);
        SpfRecordBuilder.Proposal proposal;
        List<String> notes = new ArrayList<>();
        if (in.implicitMx()) {
            // no MX record: an mx term would match nothing (RFC 7208 §5.4), so the domain's own addresses
            List<String> own = new ArrayList<>(addresses);
            own.addAll(mxAddresses);
            proposal = SpfRecordBuilder.build(
                    new SpfRecordBuilder.Senders(in.domain(), List.of(), List.of(), includes, own, hostTerms, false));
            notes.add(in.domain() + " has no MX record, so its own addresses are"
                    + " listed: an mx term matches nothing without MX records (RFC 7208 §5.4).");
        } else {
            proposal = SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                    in.domain(), in.mxHosts(), mxAddresses, includes, addresses, hostTerms, false));
        }
        if (merge) {
            notes.add(
                    0,
                    in.domain() + " publishes " + records.size() + " SPF records, so receivers return"
                            + " permerror for all of its mail (RFC 7208 §4.5): this one record carries the senders of"
                            + " all of them; delete the others when you publish it.");
        }
        if (!seenAdded.isEmpty()) {
            long messages = in.seen().stream()
                    .sorted(java.util.Comparator.comparingLong(FixGenerator.SeenSender::messages)
                            .reversed())
                    .limit(MAX_SEEN)
                    .mapToLong(FixGenerator.SeenSender::messages)
                    .sum();
            notes.add("Added, " + SEEN_LABEL + " for " + in.domain() + " while SPF did not pass for them ("
                    + messages + " messages): "
                    + String.join(" ", seenAdded.stream().map(SpfFixes::ipTerm).toList())
                    + ". These are senders you use (a mail service, a CRM, a ticket system) or forwarders; list"
                    + " only those that send as " + in.domain() + " on your behalf.");
        }
        if (!dropped.isEmpty()) {
            boolean ptr = dropped.stream()
                    .anyMatch(t -> unqualified(t.toLowerCase(Locale.ROOT)).startsWith("ptr"));
            notes.add("Not carried over from the current record (this proposal is built from mx, a, ip4/ip6 and"
                    + " include terms only): " + String.join(" ", dropped)
                    + ". Add them back if those senders still send mail as " + in.domain()
                    + (ptr
                            ? " (ptr is slow and deprecated, RFC 7208 §5.5: list those hosts' addresses instead)."
                            : "."));
        }
        // the senders the current record(s) authorise by address, and the MX hosts when they had mx
        Set<String> senders = new LinkedHashSet<>();
        addresses.forEach(a -> senders.add(network(a)));
        for (SpfRecordBuilder.Include i : includes) {
            if (proposal.flattened().contains(i.domain())) {
                i.fixedAddresses().orElse(List.of()).forEach(a -> senders.add(network(a)));
            }
        }
        if (hadMx || in.implicitMx()) {
            senders.addAll(mxAddresses);
        }
        seenAdded.forEach(a -> senders.add(network(a)));
        notes.add(verification(in, proposal, List.copyOf(senders)));
        GeneratedFix fix = proposal.toFix();
        String explanation = String.join(" ", notes) + (fix.explanation().isBlank() ? "" : " " + fix.explanation());
        return new GeneratedFix(fix.title(), fix.language(), fix.content(), explanation);
    }

    /** Evaluates the proposal over what was observed and says what that gave. */
    private static String verification(Input in, SpfRecordBuilder.Proposal proposal, List<String> senders) {
        Map<String, List<String>> txt = new LinkedHashMap<>();
        in.tree().ifPresent(root -> collectRecords(root, txt, 0));
        txt.remove(SpfVerification.KnownDns.name(in.domain()));
        Map<String, List<String>> mx = new LinkedHashMap<>();
        if (!in.implicitMx()) {
            mx.put(in.domain(), in.mxHosts());
        }
        SpfVerification.Outcome outcome = SpfVerification.verify(
                in.domain(), proposal.record(), new SpfVerification.KnownDns(txt, mx, in.mxAddresses()), senders);
        StringBuilder sb = new StringBuilder("Evaluated as receivers would: ");
        if (outcome.lookupsComplete()) {
            sb.append(outcome.lookups()).append(" of 10 DNS lookups");
            if (outcome.lookups() > SpfRecordBuilder.MAX_LOOKUPS) {
                sb.append(" (over the limit: receivers would return permerror)");
            }
        } else {
            sb.append("at least ")
                    .append(outcome.lookups())
                    .append(" DNS lookups (some includes were not followed when observed: check the count after"
                            + " publishing)");
        }
        List<String> missing = outcome.notAuthorised();
        if (senders.isEmpty()) {
            sb.append('.');
        } else if (missing.isEmpty()) {
            sb.append(
                            senders.size() == 1
                                    ? "; the one sender address"
                                    : "; all " + senders.size() + " sender addresses")
                    .append(" of the current record pass.");
        } else {
            sb.append("; these sender address(es) of the current record do not pass: ")
                    .append(String.join(
                            ", ",
                            missing.stream()
                                    .limit(10)
                                    .map(ip -> ip + " (" + outcome.senders().get(ip) + ")")
                                    .toList()))
                    .append(". Add them before publishing.");
        }
        return sb.toString();
    }

    /** The record text(s) of the root: one, or every one when the domain publishes several. */
    private static List<String> currentRecords(Optional<Map<?, ?>> tree) {
        if (tree.isEmpty()) {
            return List.of();
        }
        Map<?, ?> root = tree.get();
        if (root.get("record") instanceof String r) {
            return List.of(r);
        }
        List<String> out = new ArrayList<>();
        if (root.get("records") instanceof List<?> rs) {
            for (Object r : rs) {
                if (r instanceof String text && text.toLowerCase(Locale.ROOT).startsWith("v=spf1")) {
                    out.add(text);
                }
            }
        }
        return out;
    }

    private static Map<String, Map<?, ?>> includeChildren(Map<?, ?> node) {
        Map<String, Map<?, ?>> out = new LinkedHashMap<>();
        if (node.get("children") instanceof List<?> children) {
            for (Object c : children.subList(0, Math.min(children.size(), MAX_NODES))) {
                if (c instanceof Map<?, ?> child
                        && "include".equals(child.get("via"))
                        && child.get("domain") instanceof String d) {
                    out.putIfAbsent(d.toLowerCase(Locale.ROOT), child);
                }
            }
        }
        return out;
    }

    /**
     * The addresses an included record resolves to when its whole tree queries no further DNS: only
     * pass-qualified {@code ip4}/{@code ip6} terms, a non-pass {@code all}, {@code exp=}, and includes of
     * such records. Empty when anything in it depends on DNS or on the sender.
     */
    static Optional<List<String>> fixedAddresses(Map<?, ?> node, int depth) {
        if (depth > MAX_DEPTH || !(node.get("record") instanceof String record)) {
            return Optional.empty();
        }
        Map<String, Map<?, ?>> children = includeChildren(node);
        List<String> out = new ArrayList<>();
        for (String term : record.trim().split("\\s+")) {
            String lower = term.toLowerCase(Locale.ROOT);
            char q = qualifier(lower);
            String t = unqualified(lower);
            if (t.equals("v=spf1") || t.startsWith("exp=")) {
                continue;
            }
            if (t.equals("all")) {
                if (q == '+') {
                    return Optional.empty(); // authorises everyone: never copied into a record
                }
                continue;
            }
            if (q != '+') {
                return Optional.empty();
            }
            if (t.startsWith("ip4:") || t.startsWith("ip6:")) {
                if (t.contains("%")) {
                    return Optional.empty();
                }
                out.add(term.substring(term.indexOf(':') + 1));
            } else if (t.startsWith("include:")) {
                Map<?, ?> child = children.get(t.substring("include:".length()));
                Optional<List<String>> nested = child == null ? Optional.empty() : fixedAddresses(child, depth + 1);
                if (nested.isEmpty()) {
                    return Optional.empty();
                }
                out.addAll(nested.get());
            } else {
                return Optional.empty(); // a, mx, ptr, exists, redirect=, macros: asks DNS
            }
            if (out.size() > MAX_ADDRESSES) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** The record of every node of the tree, by domain, for evaluating over what was observed. */
    private static void collectRecords(Map<?, ?> node, Map<String, List<String>> txt, int depth) {
        if (depth > MAX_DEPTH || txt.size() > MAX_NODES) {
            return;
        }
        if (node.get("domain") instanceof String d && node.get("record") instanceof String r) {
            txt.putIfAbsent(SpfVerification.KnownDns.name(d), List.of(r));
        }
        if (node.get("children") instanceof List<?> children) {
            for (Object c : children) {
                if (c instanceof Map<?, ?> child) {
                    collectRecords(child, txt, depth + 1);
                }
            }
        }
    }

    private static String ipTerm(String addressOrRange) {
        return (addressOrRange.contains(":") ? "ip6:" : "ip4:") + addressOrRange;
    }

    /** The first address of an address or range ({@code 192.0.2.0/24} gives {@code 192.0.2.0}). */
    private static String network(String addressOrRange) {
        int slash = addressOrRange.indexOf('/');
        return slash < 0 ? addressOrRange : addressOrRange.substring(0, slash);
    }

    private static char qualifier(String term) {
        return !term.isEmpty() && "+-~?".indexOf(term.charAt(0)) >= 0 ? term.charAt(0) : '+';
    }

    /** An SPF term without its qualifier ({@code + - ~ ?}). */
    static String unqualified(String term) {
        return !term.isEmpty() && "+-~?".indexOf(term.charAt(0)) >= 0 ? term.substring(1) : term;
    }
}
