package dev.mailward.checks.spf;

import dev.mailward.checks.spf.SpfDns.Kind;
import dev.mailward.checks.spf.SpfDns.Lookup;
import dev.mailward.checks.spf.SpfDns.MxHost;
import dev.mailward.checks.spf.SpfEvaluation.Limit;
import dev.mailward.checks.spf.SpfRecord.Mechanism;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code check_host()} function of RFC 7208 §4 with the processing limits of §4.6.4: at most
 * 10 DNS-querying terms (include, a, mx, ptr, exists, redirect) over the whole evaluation, at most
 * 10 MX names per {@code mx} (more is permerror), at most 10 PTR names per {@code ptr}/{@code %{p}}
 * (the rest ignored), at most 2 void lookups. DNS failures become temperror, never fail.
 *
 * <p>Not thread-safe per evaluation; one instance may run evaluations one after another.
 */
final class SpfEvaluator {

    static final int MAX_DNS_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_NAMES = 10;

    private final SpfDns dns;
    private final String defaultExplanation;
    private final String receiver;
    private final Clock clock;

    /**
     * @param dns the resolver
     * @param defaultExplanation the explanation of a fail without a usable {@code exp=} (macros allowed)
     * @param receiver the receiving host's domain for the {@code r} macro
     */
    SpfEvaluator(SpfDns dns, String defaultExplanation, String receiver, Clock clock) {
        this.dns = dns;
        this.defaultExplanation = defaultExplanation;
        this.receiver = receiver;
        this.clock = clock;
    }

    SpfEvaluator(SpfDns dns) {
        this(dns, "%{d} does not designate %{c} as a permitted sender", "unknown", Clock.systemUTC());
    }

    /** Evaluates with a client address given as text (IPv4 or IPv6). */
    SpfEvaluation checkHost(String ip, String domain, String sender, String helo) {
        Optional<byte[]> addr = SpfIp.parseClient(ip.strip());
        if (addr.isEmpty()) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address");
        }
        return checkHost(addr.get(), domain, sender, helo);
    }

    SpfEvaluation checkHost(InetAddress ip, String domain, String sender, String helo) {
        return checkHost(SpfIp.bytes(ip), domain, sender, helo);
    }

    /**
     * Runs {@code check_host(ip, domain, sender)} (RFC 7208 §4.1). A null or empty sender means
     * {@code postmaster@<helo>} (§2.4); a sender without local-part means {@code postmaster} (§4.3).
     */
    SpfEvaluation checkHost(byte[] ip, String domain, String sender, String helo) {
        String s = sender == null || sender.isEmpty() ? "postmaster@" + helo : sender;
        int at = s.lastIndexOf('@');
        String local = at < 0 ? "postmaster" : s.substring(0, at);
        String senderDomain = at < 0 ? s : s.substring(at + 1);
        if (local.isEmpty()) {
            local = "postmaster";
            s = local + s;
        }
        Run run = new Run(SpfIp.unmap(ip), s, local, senderDomain, helo == null ? "" : helo);
        Outcome o;
        Optional<Limit> limit = Optional.empty();
        try {
            o = run.evaluate(domain, false, 0);
        } catch (Abort a) {
            o = new Outcome(a.result, a.reason, Optional.empty());
            limit = Optional.ofNullable(a.limit);
        }
        return new SpfEvaluation(o.result, o.explanation, o.reason, run.terms, run.voids, limit);
    }

    /**
     * Ends the whole evaluation with a result (permerror for limits, temperror for DNS); a limit
     * names itself here, so nothing has to read it back out of the reason.
     */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final SpfResult result;
        final String reason;
        /** The limit exceeded, null when the abort is not one. */
        final Limit limit;

        Abort(SpfResult result, String reason) {
            this(result, reason, null);
        }

        Abort(Limit limit, String reason) {
            this(SpfResult.PERMERROR, reason, limit);
        }

        private Abort(SpfResult result, String reason, Limit limit) {
            super(reason, null, false, false);
            this.result = result;
            this.reason = reason;
            this.limit = limit;
        }
    }

    private record Outcome(SpfResult result, String reason, Optional<String> explanation) {}

    /** True when {@code name} can be asked in DNS (§4.3: labels 1..63 octets, at most 253 in all). */
    static boolean validDnsName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    /** State of one evaluation. */
    private final class Run {
        final byte[] ip;
        final boolean v6;
        final String sender;
        final String local;
        final String senderDomain;
        final String helo;
        int terms;
        int voids;
        String validatedName;

        Run(byte[] ip, String sender, String local, String senderDomain, String helo) {
            this.ip = ip;
            this.v6 = ip.length == 16;
            this.sender = sender;
            this.local = local;
            this.senderDomain = senderDomain;
            this.helo = helo;
        }

        Outcome evaluate(String rawDomain, boolean inInclude, int depth) {
            String domain = rawDomain.endsWith(".") ? rawDomain.substring(0, rawDomain.length() - 1) : rawDomain;
            // §4.3: a malformed or single-label domain, or a domain literal, gives "none"
            if (!validDnsName(domain) || !domain.contains(".") || domain.startsWith("[")) {
                return new Outcome(
                        SpfResult.NONE, "'" + rawDomain + "' is not a multi-label domain name", Optional.empty());
            }
            Lookup<List<String>> txt = dns.txt(domain);
            if (txt.kind() == Kind.ERROR) {
                // §4.4: a DNS error other than NXDOMAIN while fetching the record is temperror
                return new Outcome(
                        SpfResult.TEMPERROR, "TXT lookup of " + domain + " failed: " + txt.detail(), Optional.empty());
            }
            List<String> spf = new ArrayList<>();
            for (List<String> strings : txt.values()) {
                String joined = String.join("", strings);
                if (SpfRecordParser.isSpfRecord(joined)) {
                    spf.add(joined);
                }
            }
            if (spf.isEmpty()) {
                return new Outcome(SpfResult.NONE, "no SPF record at " + domain, Optional.empty());
            }
            if (spf.size() > 1) {
                // §4.5: more than one record is permerror
                return new Outcome(SpfResult.PERMERROR, spf.size() + " SPF records at " + domain, Optional.empty());
            }
            SpfRecord record;
            try {
                record = SpfRecordParser.parse(spf.getFirst());
            } catch (SpfSyntaxException e) {
                return new Outcome(
                        SpfResult.PERMERROR,
                        "syntax error in SPF record of " + domain + ": " + e.getMessage(),
                        Optional.empty());
            }
            for (Mechanism m : record.mechanisms()) {
                Optional<Outcome> matched = mechanism(m, domain, depth);
                if (matched.isPresent()) {
                    Outcome o = matched.get();
                    if (o.result == SpfResult.FAIL && !inInclude) {
                        return new Outcome(o.result, o.reason, Optional.of(explanation(record, domain)));
                    }
                    return o;
                }
            }
            if (record.redirect().isPresent()) {
                // §6.1: redirect counts as a DNS-querying term; its result is the result, and a
                // target without a record gives permerror
                countTerm("redirect=" + record.redirect().get().raw());
                String target = record.redirect().get().expandDomain(letter -> macro(letter, domain));
                Outcome o = evaluate(target, inInclude, depth + 1);
                if (o.result == SpfResult.NONE) {
                    return new Outcome(
                            SpfResult.PERMERROR,
                            "redirect target " + target + " has no SPF record (" + o.reason + ")",
                            Optional.empty());
                }
                return o;
            }
            // §4.7: no match and no redirect: neutral
            return new Outcome(SpfResult.NEUTRAL, "no mechanism of " + domain + " matched", Optional.empty());
        }

        void countTerm(String term) {
            terms++;
            if (terms > MAX_DNS_TERMS) {
                throw new Abort(
                        Limit.DNS_TERMS,
                        "more than " + MAX_DNS_TERMS + " DNS-querying terms (limit reached at '" + term
                                + "', RFC 7208 §4.6.4)");
            }
        }

        <T> Lookup<T> countVoid(Lookup<T> l, String what) {
            if (l.kind() == Kind.VOID) {
                voids++;
                if (voids > MAX_VOID_LOOKUPS) {
                    throw new Abort(
                            Limit.VOID_LOOKUPS,
                            "more than " + MAX_VOID_LOOKUPS + " void lookups (third at " + what + ", RFC 7208 §4.6.4)");
                }
            }
            return l;
        }

        Optional<Outcome> mechanism(Mechanism m, String domain, int depth) {
            Outcome match = new Outcome(
                    m.qualifier().result, "matched '" + m.text() + "' in the record of " + domain, Optional.empty());
            boolean matched = switch (m) {
                case Mechanism.All a -> true;
                case Mechanism.Ip4 n -> SpfIp.inNetwork(ip, n.network(), n.cidr());
                case Mechanism.Ip6 n -> SpfIp.inNetwork(ip, n.network(), n.cidr());
                case Mechanism.Include inc -> {
                    countTerm(m.text());
                    String target = inc.domain().expandDomain(letter -> macro(letter, domain));
                    Outcome o = evaluate(target, true, depth + 1);
                    // §5.2: pass matches; fail/softfail/neutral do not; temperror and
                    // permerror propagate; none is permerror
                    yield switch (o.result) {
                        case PASS -> true;
                        case FAIL, SOFTFAIL, NEUTRAL -> false;
                        case TEMPERROR -> throw new Abort(SpfResult.TEMPERROR, "include:" + target + ": " + o.reason);
                        case PERMERROR -> throw new Abort(SpfResult.PERMERROR, "include:" + target + ": " + o.reason);
                        case NONE ->
                            throw new Abort(
                                    SpfResult.PERMERROR, "include:" + target + " has no SPF record (RFC 7208 §5.2)");
                    };
                }
                case Mechanism.A a -> {
                    countTerm(m.text());
                    String target = a.domain()
                            .map(d -> d.expandDomain(letter -> macro(letter, domain)))
                            .orElse(domain);
                    yield addressesMatch(target, v6 ? a.cidr6() : a.cidr4(), true, m.text());
                }
                case Mechanism.Mx mx -> {
                    countTerm(m.text());
                    String target = mx.domain()
                            .map(d -> d.expandDomain(letter -> macro(letter, domain)))
                            .orElse(domain);
                    yield mxMatch(target, v6 ? mx.cidr6() : mx.cidr4(), m.text());
                }
                case Mechanism.Ptr p -> {
                    countTerm(m.text());
                    String target = p.domain()
                            .map(d -> d.expandDomain(letter -> macro(letter, domain)))
                            .orElse(domain);
                    yield ptrMatch(target);
                }
                case Mechanism.Exists e -> {
                    countTerm(m.text());
                    String target = e.domain().expandDomain(letter -> macro(letter, domain));
                    if (!validDnsName(target)) {
                        yield false;
                    }
                    // §5.7: always an A query, whatever the client's address family
                    Lookup<InetAddress> l = countVoid(dns.addresses(target, false), "exists:" + target);
                    if (l.kind() == Kind.ERROR) {
                        throw new Abort(
                                SpfResult.TEMPERROR,
                                "A lookup of " + target + " for '" + m.text() + "' failed: " + l.detail());
                    }
                    yield l.kind() == Kind.FOUND;
                }
            };
            return matched ? Optional.of(match) : Optional.empty();
        }

        boolean addressesMatch(String target, int cidr, boolean countVoid, String term) {
            if (!validDnsName(target)) {
                // RFC 7208 leaves this undefined (suite: invalid-domain-*); treated as non-existent
                return false;
            }
            Lookup<InetAddress> l = dns.addresses(target, v6);
            if (countVoid) {
                countVoid(l, (v6 ? "AAAA " : "A ") + target);
            }
            if (l.kind() == Kind.ERROR) {
                throw new Abort(
                        SpfResult.TEMPERROR,
                        (v6 ? "AAAA" : "A") + " lookup of " + target + " for '" + term + "' failed: " + l.detail());
            }
            for (InetAddress a : l.values()) {
                if (SpfIp.inNetwork(ip, a.getAddress(), cidr)) {
                    return true;
                }
            }
            return false;
        }

        boolean mxMatch(String target, int cidr, String term) {
            if (!validDnsName(target)) {
                return false;
            }
            Lookup<MxHost> l = countVoid(dns.mx(target), "MX " + target);
            if (l.kind() == Kind.ERROR) {
                throw new Abort(
                        SpfResult.TEMPERROR, "MX lookup of " + target + " for '" + term + "' failed: " + l.detail());
            }
            int looked = 0;
            for (MxHost mx : l.values()) {
                String host = mx.exchange();
                if (host.isEmpty() || host.equals(".")) {
                    continue; // RFC 7505 null MX: no host to look up
                }
                if (++looked > MAX_NAMES) {
                    // §4.6.4: "the evaluation of each MX record MUST NOT result in querying more
                    // than 10 address records ... If this limit is exceeded, the mx mechanism
                    // MUST produce a permerror result"
                    throw new Abort(
                            Limit.MX_NAMES,
                            target + " has " + l.values().size() + " MX records for '" + term + "' and the first "
                                    + MAX_NAMES + " did not match (RFC 7208 §4.6.4)");
                }
                if (addressesMatch(host, cidr, true, term)) {
                    return true;
                }
            }
            return false;
        }

        /** Validated host names of the client (§5.5), at most 10 PTR names looked at. */
        List<String> validatedNames(boolean countVoid) {
            Lookup<String> l = dns.ptr(SpfIp.reverseName(ip));
            if (countVoid) {
                countVoid(l, "PTR " + SpfIp.reverseName(ip));
            }
            List<String> out = new ArrayList<>();
            if (l.kind() != Kind.FOUND) {
                return out; // §5.5: a DNS error on the PTR lookup means no match
            }
            List<String> names = l.values();
            for (String name : names.subList(0, Math.min(names.size(), MAX_NAMES))) {
                if (!validDnsName(name)) {
                    continue;
                }
                Lookup<InetAddress> a = dns.addresses(name, v6);
                // §5.5: a DNS error on the A/AAAA lookup skips that name
                for (InetAddress addr : a.values()) {
                    if (java.util.Arrays.equals(SpfIp.unmap(addr.getAddress()), ip)) {
                        out.add(name.toLowerCase(Locale.ROOT));
                        break;
                    }
                }
            }
            return out;
        }

        boolean ptrMatch(String target) {
            String t = target.toLowerCase(Locale.ROOT);
            for (String name : validatedNames(true)) {
                if (name.equals(t) || name.endsWith("." + t)) {
                    return true;
                }
            }
            return false;
        }

        String pMacro(String domain) {
            if (validatedName == null) {
                List<String> names = validatedNames(false);
                String d = domain.toLowerCase(Locale.ROOT);
                validatedName = names.stream()
                        .filter(n -> n.equals(d))
                        .findFirst()
                        .or(() ->
                                names.stream().filter(n -> n.endsWith("." + d)).findFirst())
                        .or(() -> names.stream().findFirst())
                        .orElse("unknown");
            }
            return validatedName;
        }

        String macro(char letter, String domain) {
            return switch (letter) {
                case 's' -> sender;
                case 'l' -> local;
                case 'o' -> senderDomain;
                case 'd' -> domain;
                case 'i' -> SpfIp.dotted(ip);
                case 'p' -> pMacro(domain);
                case 'v' -> v6 ? "ip6" : "in-addr";
                case 'h' -> helo;
                case 'c' -> SpfIp.readable(ip);
                case 'r' -> receiver;
                case 't' -> Long.toString(clock.instant().getEpochSecond());
                default -> throw new IllegalStateException("macro letter " + letter + " passed the parser");
            };
        }

        /**
         * §6.2: the explanation of a fail. Any problem with {@code exp=} (expansion, DNS, not
         * exactly one TXT record, syntax or non-ASCII text) falls back to the default. The exp
         * lookup does not count against the lookup limits.
         */
        String explanation(SpfRecord record, String domain) {
            String fallback = defaultText(domain);
            if (record.exp().isEmpty()) {
                return fallback;
            }
            try {
                String target = record.exp().get().expandDomain(letter -> macro(letter, domain));
                if (!validDnsName(target)) {
                    return fallback;
                }
                Lookup<List<String>> l = dns.txt(target);
                if (l.kind() != Kind.FOUND || l.values().size() != 1) {
                    return fallback;
                }
                String text = String.join("", l.values().getFirst());
                for (char c : text.toCharArray()) {
                    if (c < 0x20 || c > 0x7e) {
                        return fallback;
                    }
                }
                return MacroString.parse(text, MacroString.EXPLANATION_LETTERS, true)
                        .expand(letter -> macro(letter, domain));
            } catch (SpfSyntaxException | Abort e) {
                return fallback;
            }
        }

        String defaultText(String domain) {
            try {
                return MacroString.parse(defaultExplanation, MacroString.EXPLANATION_LETTERS, true)
                        .expand(letter -> macro(letter, domain));
            } catch (SpfSyntaxException e) {
                return defaultExplanation;
            }
        }
    }
}
