package dev.mailward.checks.spf;

import dev.mailward.checks.spf.SpfRecord.Mechanism;
import dev.mailward.checks.spf.SpfRecord.Qualifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses SPF records strictly by the ABNF of RFC 7208 §4.5, §4.6.1, §5, §6 and §7.1. Every error
 * names the offending term.
 */
final class SpfRecordParser {

    /** Longest record accepted at all; longer input is refused before any parsing work. */
    static final int MAX_RECORD_CHARS = 8192;
    /** Most terms accepted in one record. */
    static final int MAX_TERMS = 1024;

    /** §4.6.1: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ), then "=". */
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\-]*)=(.*)", Pattern.DOTALL);
    /** §5.3/§5.4 dual-cidr-length at the end of an a/mx term; no leading zeros (as ip4-network). */
    private static final Pattern DUAL_CIDR =
            Pattern.compile("(.*?)(?:/(0|[1-9][0-9]{0,2}))?(?://(0|[1-9][0-9]{0,2}))?", Pattern.DOTALL);

    private static final Pattern CIDR_TAIL = Pattern.compile("(.*?)(?:/(0|[1-9][0-9]{0,2}))?", Pattern.DOTALL);
    /** §7.1: domain-end = "." toplabel [ "." ], toplabel not all-numeric, no leading/trailing dash. */
    private static final Pattern TOPLABEL_END = Pattern.compile(
            ".*\\.(?:[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*|[0-9A-Za-z]+-[0-9A-Za-z\\-]*[0-9A-Za-z])\\.?", Pattern.DOTALL);

    private SpfRecordParser() {}

    /**
     * True when {@code txt} is an SPF record: {@code v=spf1} (any case) followed by a space or the
     * end (RFC 7208 §4.5).
     */
    static boolean isSpfRecord(String txt) {
        return txt.length() >= 6
                && txt.regionMatches(true, 0, "v=spf1", 0, 6)
                && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    /**
     * Parses {@code text}, or returns the result of parsing the same text before: the records of
     * shared includes (an ESP's, a hoster's) sit behind thousands of domains of a bulk run and are
     * evaluated and analysed for each. Results are immutable; syntax errors are remembered by
     * message. At most {@link #CACHE_ENTRIES} texts of at most {@link #CACHE_MAX_CHARS}
     * characters are kept (about 10 MiB), and the cache is emptied when full.
     */
    static SpfRecord parse(String text) throws SpfSyntaxException {
        Object hit = CACHE.get(text);
        if (hit instanceof SpfRecord r) {
            return r;
        }
        if (hit instanceof String error) {
            throw new SpfSyntaxException(error);
        }
        try {
            SpfRecord r = parseUncached(text);
            remember(text, r);
            return r;
        } catch (SpfSyntaxException e) {
            remember(text, e.getMessage());
            throw e;
        }
    }

    static final int CACHE_ENTRIES = 4096;
    static final int CACHE_MAX_CHARS = 1024;
    private static final ConcurrentHashMap<String, Object> CACHE = new ConcurrentHashMap<>();

    private static void remember(String text, Object result) {
        if (text.length() > CACHE_MAX_CHARS) {
            return;
        }
        if (CACHE.size() >= CACHE_ENTRIES) {
            CACHE.clear();
        }
        CACHE.put(text, result);
    }

    private static SpfRecord parseUncached(String text) throws SpfSyntaxException {
        if (text.length() > MAX_RECORD_CHARS) {
            throw new SpfSyntaxException(
                    "record of " + text.length() + " characters is longer than " + MAX_RECORD_CHARS);
        }
        if (!isSpfRecord(text)) {
            throw new SpfSyntaxException("record does not start with 'v=spf1'");
        }
        List<Mechanism> mechanisms = new ArrayList<>();
        Optional<MacroString> redirect = Optional.empty();
        Optional<MacroString> exp = Optional.empty();
        List<String> unknown = new ArrayList<>();
        int count = 0;
        // §4.6.1: terms are separated by one or more SP (0x20) only; anything else is part of a term
        for (String term : text.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            if (++count > MAX_TERMS) {
                throw new SpfSyntaxException("more than " + MAX_TERMS + " terms");
            }
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    // §3.1 / §4.6.1: records are 7-bit ASCII, terms separated by spaces only
                    throw new SpfSyntaxException(String.format(
                            Locale.ROOT,
                            "term '%s' contains character U+%04X (only visible ASCII is allowed)",
                            term,
                            (int) c));
                }
            }
            Matcher m = MODIFIER.matcher(term);
            if (m.matches()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                switch (name) {
                    case "redirect" -> {
                        if (redirect.isPresent()) {
                            // §6: redirect and exp MUST NOT appear more than once
                            throw new SpfSyntaxException(
                                    "term '" + term + "': second redirect= modifier (RFC 7208 §6)");
                        }
                        redirect = Optional.of(domainSpec(term, value));
                    }
                    case "exp" -> {
                        if (exp.isPresent()) {
                            throw new SpfSyntaxException("term '" + term + "': second exp= modifier (RFC 7208 §6)");
                        }
                        exp = Optional.of(domainSpec(term, value));
                    }
                    default -> {
                        // §6: unknown modifiers are ignored, but their macro-string must be valid
                        wrap(term, () -> MacroString.parse(value, MacroString.EXPLANATION_LETTERS, false));
                        unknown.add(term);
                    }
                }
                continue;
            }
            mechanisms.add(mechanism(term));
        }
        return new SpfRecord(text, mechanisms, redirect, exp, unknown);
    }

    private static Mechanism mechanism(String term) throws SpfSyntaxException {
        Qualifier q = Qualifier.PASS;
        String body = term;
        Optional<Qualifier> explicit = Qualifier.of(term.charAt(0));
        if (explicit.isPresent()) {
            q = explicit.get();
            body = term.substring(1);
        }
        int cut = 0;
        while (cut < body.length() && body.charAt(cut) != ':' && body.charAt(cut) != '/') {
            cut++;
        }
        String name = body.substring(0, cut).toLowerCase(Locale.ROOT);
        String rest = body.substring(cut);
        return switch (name) {
            case "all" -> {
                if (!rest.isEmpty()) {
                    throw new SpfSyntaxException("term '" + term + "': 'all' takes no argument (RFC 7208 §5.1)");
                }
                yield new Mechanism.All(q, term);
            }
            case "include" -> new Mechanism.Include(q, term, requiredDomain(term, rest));
            case "exists" -> new Mechanism.Exists(q, term, requiredDomain(term, rest));
            case "ptr" -> {
                if (rest.isEmpty()) {
                    yield new Mechanism.Ptr(q, term, Optional.empty());
                }
                yield new Mechanism.Ptr(q, term, Optional.of(requiredDomain(term, rest)));
            }
            case "a", "mx" -> {
                Matcher m = DUAL_CIDR.matcher(rest);
                if (!m.matches()) {
                    throw new SpfSyntaxException("term '" + term + "': cannot parse");
                }
                String domain = m.group(1);
                int c4 = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
                int c6 = m.group(3) == null ? 128 : Integer.parseInt(m.group(3));
                if (c4 > 32) {
                    throw new SpfSyntaxException(
                            "term '" + term + "': IPv4 prefix /" + c4 + " exceeds 32 (RFC 7208 §5.6)");
                }
                if (c6 > 128) {
                    throw new SpfSyntaxException(
                            "term '" + term + "': IPv6 prefix //" + c6 + " exceeds 128 (RFC 7208 §5.6)");
                }
                Optional<MacroString> d =
                        domain.isEmpty() ? Optional.empty() : Optional.of(requiredDomain(term, domain));
                yield name.equals("a") ? new Mechanism.A(q, term, d, c4, c6) : new Mechanism.Mx(q, term, d, c4, c6);
            }
            case "ip4" -> {
                if (!rest.startsWith(":")) {
                    throw new SpfSyntaxException("term '" + term + "': ip4 needs ':' and an address (RFC 7208 §5.6)");
                }
                Matcher m = CIDR_TAIL.matcher(rest.substring(1));
                m.matches();
                byte[] net = SpfIp.parseIp4(m.group(1))
                        .orElseThrow(() -> new SpfSyntaxException("term '" + term + "': '" + m.group(1)
                                + "' is not a dotted-quad IPv4 address (RFC 7208 §5.6)"));
                int cidr = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
                if (cidr > 32) {
                    throw new SpfSyntaxException(
                            "term '" + term + "': IPv4 prefix /" + cidr + " exceeds 32 (RFC 7208 §5.6)");
                }
                yield new Mechanism.Ip4(q, term, net, cidr);
            }
            case "ip6" -> {
                if (!rest.startsWith(":")) {
                    throw new SpfSyntaxException("term '" + term + "': ip6 needs ':' and an address (RFC 7208 §5.6)");
                }
                Matcher m = CIDR_TAIL.matcher(rest.substring(1));
                m.matches();
                byte[] net = SpfIp.parseIp6(m.group(1))
                        .orElseThrow(() -> new SpfSyntaxException(
                                "term '" + term + "': '" + m.group(1) + "' is not an IPv6 address (RFC 7208 §5.6)"));
                int cidr = m.group(2) == null ? 128 : Integer.parseInt(m.group(2));
                if (cidr > 128) {
                    throw new SpfSyntaxException(
                            "term '" + term + "': IPv6 prefix /" + cidr + " exceeds 128 (RFC 7208 §5.6)");
                }
                yield new Mechanism.Ip6(q, term, net, cidr);
            }
            default -> throw new SpfSyntaxException("term '" + term + "': unknown mechanism '" + name + "'");
        };
    }

    /** {@code ":" domain-spec} where the domain-spec must be present and valid. */
    private static MacroString requiredDomain(String term, String rest) throws SpfSyntaxException {
        if (!rest.startsWith(":")) {
            throw new SpfSyntaxException("term '" + term + "': expected ':' and a domain (RFC 7208 §5)");
        }
        return domainSpec(term, rest.substring(1));
    }

    /** §7.1: domain-spec = macro-string domain-end. */
    private static MacroString domainSpec(String term, String spec) throws SpfSyntaxException {
        if (spec.isEmpty()) {
            throw new SpfSyntaxException("term '" + term + "': empty domain-spec (RFC 7208 §7.1)");
        }
        MacroString ms = wrap(term, () -> MacroString.parse(spec, MacroString.DOMAIN_LETTERS, false));
        if (!ms.endsWithExpand()) {
            String tail = ms.literalTail().orElse("");
            if (!TOPLABEL_END.matcher(tail).matches()) {
                throw new SpfSyntaxException("term '" + term + "': domain '" + spec
                        + "' must end in a macro or in '.' and a top label that is not all-numeric (RFC 7208 §7.1)");
            }
        }
        return ms;
    }

    private interface Parse {
        MacroString run() throws SpfSyntaxException;
    }

    private static MacroString wrap(String term, Parse p) throws SpfSyntaxException {
        try {
            return p.run();
        } catch (SpfSyntaxException e) {
            throw new SpfSyntaxException("term '" + term + "': " + e.getMessage());
        }
    }
}
