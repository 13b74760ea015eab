package dev.mailward.mitigations;

import dev.mailward.dns.AddressText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an SPF record from the senders Mailward observed: {@code v=spf1 [ip4:/ip6:...] [mx]
 * [a, a:/mx:<name>] [include:...] -all} (addresses first: they match without a DNS query). Pure; every
 * input is validated and named in the error when invalid.
 *
 * <p>RFC 7208 §4.6.4 allows at most 10 DNS-querying terms over the whole evaluation. Each include costs
 * the lookups of its own tree ({@link Include#lookups()}, from the observed SPF tree). When the
 * total exceeds 10, the includes that resolve to fixed addresses are flattened into them (the costliest
 * first, named in the notes), then {@code mx} is replaced by the MX addresses (saves one lookup); when
 * that is not enough, the proposal says it cannot stay under the limit. An address inside a range already
 * listed, or an MX address while {@code mx} is listed, is left out.
 */
public final class SpfRecordBuilder {

    /** RFC 7208 §4.6.4. */
    public static final int MAX_LOOKUPS = 10;
    /** RFC 7208 §4.6.4: an mx term may name at most 10 hosts. */
    static final int MAX_MX_NAMES = 10;
    /** RFC 7208 §3.4: keep the record small enough for one UDP answer. */
    static final int MAX_RECORD_OCTETS = 450;

    private static final int MAX_TERMS = 200;

    private SpfRecordBuilder() {}

    /**
     * An include the domain already uses.
     *
     * @param domain the include target
     * @param lookups the DNS-querying terms it costs including the include itself (at least 1)
     * @param fixedAddresses the addresses and ranges the include resolves to when its whole tree queries no
     *     further DNS (only {@code ip4}/{@code ip6} terms and includes of such records): it can then be
     *     flattened into them; empty when it depends on DNS (a, mx, exists, macros...) or was not followed
     */
    public record Include(String domain, int lookups, Optional<List<String>> fixedAddresses) {
        public Include {
            Objects.requireNonNull(domain, "domain");
            if (lookups < 1) {
                lookups = 1;
            }
            fixedAddresses = fixedAddresses.map(List::copyOf);
        }

        /** An include whose addresses are not known (it is kept as an include). */
        public Include(String domain, int lookups) {
            this(domain, lookups, Optional.empty());
        }
    }

    /**
     * What to build from.
     *
     * @param domain the domain the record is for
     * @param mxHosts the MX host names (their mail is authorised with {@code mx})
     * @param mxAddresses the MX addresses (used instead of {@code mx} when lookups run short)
     * @param includes the includes to keep, in order
     * @param addresses further sender addresses or CIDR ranges ({@code 192.0.2.0/24}, {@code 2001:db8::/48})
     * @param hostTerms {@code a}, {@code a:<name>} or {@code mx:<name>} terms the domain already uses (one DNS
     *     lookup each)
     * @param softFail end in {@code ~all} instead of {@code -all}
     */
    public record Senders(
            String domain,
            List<String> mxHosts,
            List<String> mxAddresses,
            List<Include> includes,
            List<String> addresses,
            List<String> hostTerms,
            boolean softFail) {
        public Senders {
            mxHosts = List.copyOf(mxHosts);
            mxAddresses = List.copyOf(mxAddresses);
            includes = List.copyOf(includes);
            addresses = List.copyOf(addresses);
            hostTerms = List.copyOf(hostTerms);
        }

        /** Without {@code a}/{@code a:}/{@code mx:} terms. */
        public Senders(
                String domain,
                List<String> mxHosts,
                List<String> mxAddresses,
                List<Include> includes,
                List<String> addresses,
                boolean softFail) {
            this(domain, mxHosts, mxAddresses, includes, addresses, List.of(), softFail);
        }
    }

    /**
     * The proposed record.
     *
     * @param domain the owner name
     * @param record the record text
     * @param lookups the DNS-querying terms it costs
     * @param withinLimits false when it cannot stay under {@link #MAX_LOOKUPS}
     * @param notes what the user should know, e.g. why mx was replaced or why it cannot fit
     * @param flattened the includes replaced by the addresses they resolve to (re-flatten when they change)
     */
    public record Proposal(
            String domain,
            String record,
            int lookups,
            boolean withinLimits,
            List<String> notes,
            List<String> flattened) {
        public Proposal {
            notes = List.copyOf(notes);
            flattened = List.copyOf(flattened);
        }

        /** The proposal with one more note. */
        public Proposal withNote(String note) {
            List<String> more = new ArrayList<>(notes);
            more.add(note);
            return new Proposal(domain, record, lookups, withinLimits, more, flattened);
        }

        /** The zone file line (split into 255-octet strings when needed). */
        public String zoneLine() {
            return DnsText.zoneLine(domain, "TXT", DnsText.txt(record));
        }

        public GeneratedFix toFix() {
            return new GeneratedFix("SPF record for " + domain, "dns", zoneLine(), String.join(" ", notes));
        }
    }

    public static Proposal build(Senders s) {
        String domain = DnsText.name("domain", s.domain());
        if (s.includes().size() + s.addresses().size() + s.mxAddresses().size() > MAX_TERMS) {
            throw new IllegalArgumentException("more than " + MAX_TERMS + " senders; summarise them in ranges");
        }
        List<String> notes = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : s.mxHosts()) {
            hosts.add(DnsText.name("MX host", h));
        }
        List<String> mxIps = new ArrayList<>();
        for (String a : s.mxAddresses()) {
            mxIps.add(ipTerm(a));
        }
        List<String> ips = new ArrayList<>();
        for (String a : s.addresses()) {
            String t = ipTerm(a);
            if (!ips.contains(t) && !mxIps.contains(t)) {
                ips.add(t);
            }
        }
        Map<String, Integer> includes = new LinkedHashMap<>();
        Map<String, List<String>> fixed = new LinkedHashMap<>();
        for (Include i : s.includes()) {
            String d = DnsText.name("include", i.domain());
            if (d.equals(domain)) {
                throw new IllegalArgumentException("include:" + d + " includes the domain itself (a loop)");
            }
            if (includes.putIfAbsent(d, i.lookups()) == null
                    && i.fixedAddresses().isPresent()) {
                List<String> terms = new ArrayList<>();
                for (String a : i.fixedAddresses().get()) {
                    terms.add(ipTerm(a));
                }
                fixed.put(d, terms);
            }
        }
        List<String> hostTerms = new ArrayList<>();
        for (String t : s.hostTerms()) {
            String term = hostTerm(t);
            if (!hostTerms.contains(term)) {
                hostTerms.add(term);
            }
        }
        int mxCost = hosts.isEmpty() ? 0 : 1;
        // over the limit: flatten the includes that resolve to fixed addresses, the costliest first, until it fits
        List<String> flattened = new ArrayList<>();
        List<String> candidates = new ArrayList<>(fixed.keySet());
        candidates.sort(Comparator.comparingInt((String d) -> includes.get(d)).reversed());
        for (String d : candidates) {
            int total = includes.values().stream().mapToInt(Integer::intValue).sum() + hostTerms.size() + mxCost;
            if (total <= MAX_LOOKUPS) {
                break;
            }
            includes.remove(d);
            flattened.add(d);
            ips.addAll(fixed.get(d));
        }
        if (ips.size() + mxIps.size() > MAX_TERMS) {
            throw new IllegalArgumentException("more than " + MAX_TERMS + " addresses; summarise them in ranges");
        }
        if (!flattened.isEmpty()) {
            notes.add("Flattened "
                    + String.join(
                            ", ", flattened.stream().map(d -> "include:" + d).toList())
                    + " into the addresses " + (flattened.size() == 1 ? "it resolves" : "they resolve")
                    + " to (no further DNS lookup behind them): re-flatten when the provider changes its"
                    + " addresses (compare with its published include record regularly).");
        }
        int includeLookups =
                includes.values().stream().mapToInt(Integer::intValue).sum() + hostTerms.size();

        boolean useMx = !hosts.isEmpty();
        if (useMx && hosts.size() > MAX_MX_NAMES) {
            useMx = false;
            notes.add("The domain has " + hosts.size() + " MX hosts; an mx term may name at most " + MAX_MX_NAMES
                    + " (RFC 7208 §4.6.4), so their addresses are listed instead.");
        }
        if (useMx && includeLookups + 1 > MAX_LOOKUPS && !mxIps.isEmpty()) {
            useMx = false;
            notes.add("mx is replaced by the MX addresses to save one DNS lookup; update the record when they change.");
        }
        if (!useMx && !hosts.isEmpty() && mxIps.isEmpty()) {
            useMx = true; // no addresses to list: keep mx rather than drop the MX hosts silently
        }
        // addresses first: a receiver matches them without a DNS query
        List<String> listed = new ArrayList<>();
        if (!useMx) {
            mxIps.stream().distinct().forEach(listed::add);
        }
        listed.addAll(ips);
        List<String> duplicates = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            String t = listed.get(i);
            boolean covered = false;
            for (int j = 0; j < listed.size() && !covered; j++) {
                String other = listed.get(j);
                // a term inside another (or the same term again, the later one) duplicates an address already listed
                covered = j != i && covers(other, t) && (!covers(t, other) || j < i);
            }
            if (useMx && mxIps.contains(t)) {
                covered = true; // mx authorises it already
            }
            if (covered) {
                duplicates.add(t);
            } else {
                kept.add(t);
            }
        }
        if (!duplicates.isEmpty()) {
            notes.add("Left out as duplicates of an address already authorised: " + String.join(" ", duplicates) + ".");
        }
        List<String> terms = new ArrayList<>();
        terms.add("v=spf1");
        terms.addAll(kept);
        if (useMx) {
            terms.add("mx");
        }
        terms.addAll(hostTerms);
        includes.keySet().forEach(d -> terms.add("include:" + d));
        int lookups = includeLookups + (useMx ? 1 : 0);
        boolean sendsNothing = terms.size() == 1;
        terms.add(s.softFail() && !sendsNothing ? "~all" : "-all");
        String record = String.join(" ", terms);

        if (sendsNothing) {
            notes.add("No sender was observed: the record says the domain sends no mail. Pair it with a DMARC"
                    + " policy p=reject; sp=reject.");
        }
        boolean within = lookups <= MAX_LOOKUPS;
        if (!within) {
            notes.add("The record needs " + lookups + " DNS-querying terms (limit " + MAX_LOOKUPS
                    + ", RFC 7208 §4.6.4) and cannot stay under the limit with these includes: receivers would"
                    + " return permerror. Drop includes of providers you no longer use, ask a provider for a"
                    + " smaller include, or replace an include by the provider's published ip4:/ip6: ranges.");
        } else if (lookups >= 8) {
            notes.add(lookups + " of " + MAX_LOOKUPS
                    + " DNS lookups used: little headroom if a provider grows its include.");
        } else {
            notes.add(lookups + " of " + MAX_LOOKUPS + " DNS lookups used.");
        }
        if (record.length() > MAX_RECORD_OCTETS) {
            notes.add("The record has " + record.length() + " octets (more than " + MAX_RECORD_OCTETS
                    + ", RFC 7208 §3.4); consider moving address ranges into an include you control.");
        }
        if (!sendsNothing) {
            notes.add(
                    s.softFail()
                            ? "~all marks unlisted senders as softfail while you finish the inventory."
                            : "-all tells receivers to reject unlisted senders; use ~all until DMARC reports show no"
                                    + " legitimate source missing.");
        }
        return new Proposal(domain, record, lookups, within, notes, flattened);
    }

    /**
     * Whether the address range of {@code outer} ({@code ip4:}/{@code ip6:} term as {@link #ipTerm} writes it)
     * contains every address of {@code inner}.
     */
    static boolean covers(String outer, String inner) {
        byte[] o = address(outer);
        byte[] i = address(inner);
        if (o.length != i.length) {
            return false;
        }
        int op = prefix(outer, o.length * 8);
        int ip = prefix(inner, i.length * 8);
        if (op > ip) {
            return false;
        }
        for (int bit = 0; bit < op; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((o[bit / 8] & mask) != (i[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] address(String term) {
        String v = term.substring(4);
        int slash = v.indexOf('/');
        return InetAddress.ofLiteral(slash < 0 ? v : v.substring(0, slash)).getAddress();
    }

    private static int prefix(String term, int max) {
        int slash = term.indexOf('/');
        return slash < 0 ? max : Integer.parseInt(term.substring(slash + 1));
    }

    /** {@code a}, {@code a:<name>} or {@code mx:<name>}; throws naming the value otherwise. */
    static String hostTerm(String raw) {
        Objects.requireNonNull(raw, "term");
        String t = raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("a")) {
            return t;
        }
        for (String mechanism : List.of("a:", "mx:")) {
            if (t.startsWith(mechanism)) {
                return mechanism + DnsText.name(mechanism + " term", t.substring(mechanism.length()));
            }
        }
        throw new IllegalArgumentException("'" + raw + "' is not an a, a:<name> or mx:<name> term");
    }

    /** {@code ip4:a.b.c.d[/n]} or {@code ip6:...[/n]}; throws naming the value when it is not an address. */
    static String ipTerm(String raw) {
        Objects.requireNonNull(raw, "address");
        String v = raw.trim();
        String prefix = null;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            prefix = v.substring(slash + 1);
            v = v.substring(0, slash);
        }
        boolean v6 = v.contains(":");
        if (!(v6 ? v.matches("[0-9A-Fa-f:.]{2,45}") : v.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new IllegalArgumentException("'" + raw + "' is not an IPv4 or IPv6 address");
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(v); // never a DNS lookup
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + raw + "' is not an IPv4 or IPv6 address");
        }
        int max = v6 ? 128 : 32;
        String cidr = "";
        if (prefix != null) {
            int p;
            try {
                p = Integer.parseInt(prefix);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + raw + "' has an invalid prefix length '" + prefix + "'");
            }
            if (p < 0 || p > max) {
                throw new IllegalArgumentException("'" + raw + "' has a prefix length outside 0.." + max);
            }
            if (p != max) {
                cidr = "/" + p;
            }
        }
        String text = AddressText.of(address);
        return (v6 ? "ip6:" : "ip4:") + text + cidr;
    }
}
