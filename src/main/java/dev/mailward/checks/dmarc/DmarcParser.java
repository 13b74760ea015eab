package dev.mailward.checks.dmarc;

import dev.mailward.checks.dmarc.DmarcRecord.Kind;
import dev.mailward.checks.dmarc.DmarcRecord.Policy;
import dev.mailward.checks.dmarc.DmarcRecord.Problem;
import dev.mailward.checks.dmarc.DmarcRecord.ReportUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses DMARC policy records. Pure and total: any string gives a {@link DmarcRecord}, whose
 * problems say what is wrong. Follows the RFC 7489 §6.4 ABNF (as tightened by RFC 9989 §4.7),
 * tolerating whitespace around separators, case-insensitive tag names and unknown tags.
 */
final class DmarcParser {

    /** More tags than this is not a policy record but an attack on the parser. */
    static final int MAX_TAGS = 64;

    /** A TXT string that wants to be a DMARC record: {@code v=DMARC1} at its start, any case. */
    private static final Pattern DMARC_PREFIX = Pattern.compile("(?i)^v\\s*=\\s*dmarc1");

    private static final Pattern SPF_PREFIX = Pattern.compile("(?i)^\\s*v\\s*=\\s*spf1(\\s|$)");
    // RFC 6376 §3.2 tag-name = ALPHA *ALNUMPUNC
    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    // RFC 7489 §6.4 dmarc-uri size suffix: 1*DIGIT [ "k" / "m" / "g" / "t" ] (bounded: no overflow)
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,18}[kmgtKMGT]?");
    private static final Pattern URI_SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+");
    // RFC 5321 Keyword (Ldh-str): letters, digits and inner hyphens
    private static final Pattern DIGITS_3 = Pattern.compile("[0-9]{1,3}");
    private static final Pattern DIGITS_10 = Pattern.compile("[0-9]{1,10}");
    private static final Pattern ADDRESS_DOMAIN = Pattern.compile("[a-z0-9_.-]{1,253}");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Set<String> FO_VALUES = Set.of("0", "1", "d", "s");
    private static final long MAX_RI = 0xFFFF_FFFFL;

    private DmarcParser() {}

    /** How a TXT string at {@code _dmarc.<domain>} is read when selecting records. */
    enum TxtKind {
        /** Starts with {@code v=DMARC1}: a DMARC record (possibly invalid). */
        DMARC,
        /** {@code v=DMARC1} after leading whitespace: receivers discard it. */
        DMARC_LEADING_WHITESPACE,
        /** An SPF record published at the wrong name. */
        SPF,
        /** Anything else; ignored by receivers (RFC 9989 §4.10, step 2). */
        OTHER
    }

    static TxtKind classify(String txt) {
        if (DMARC_PREFIX.matcher(txt).find()) {
            return TxtKind.DMARC;
        }
        if (DMARC_PREFIX.matcher(txt.stripLeading()).find()) {
            return TxtKind.DMARC_LEADING_WHITESPACE;
        }
        if (SPF_PREFIX.matcher(txt).find()) {
            return TxtKind.SPF;
        }
        return TxtKind.OTHER;
    }

    static DmarcRecord parse(String raw) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        String text = raw;
        if (!text.isEmpty() && isWsp(text.charAt(0))) {
            problems.add(new Problem(
                    Kind.LEADING_WHITESPACE,
                    "v",
                    "",
                    "record starts with whitespace; receivers" + " only accept records that begin with \"v=DMARC1\""));
            text = text.stripLeading();
        }
        String[] parts = text.split(";", -1);
        if (parts.length - 1 > MAX_TAGS) {
            problems.add(new Problem(Kind.SYNTAX, "", "", parts.length + " tags (limit " + MAX_TAGS + ")"));
            return build(raw, tags, problems, new Values());
        }
        // RFC 7489 §6.4: dmarc-version = "v" *WSP "=" *WSP %x44.4d.41.52.43.31 (case-sensitive value)
        String first = trimWsp(parts[0]);
        int eq = first.indexOf('=');
        if (text.isEmpty()) {
            problems.add(new Problem(Kind.BAD_VERSION, "v", "", "empty record"));
            return build(raw, tags, problems, new Values());
        }
        if (eq < 0
                || !trimWsp(first.substring(0, eq)).equalsIgnoreCase("v")
                || !trimWsp(first.substring(eq + 1)).equals("DMARC1")) {
            problems.add(new Problem(
                    Kind.BAD_VERSION,
                    "v",
                    first,
                    "record must start with \"v=DMARC1\", found " + DmarcText.show(first)));
            return build(raw, tags, problems, new Values());
        }
        tags.put("v", "DMARC1");
        Values values = new Values();
        for (int i = 1; i < parts.length; i++) {
            String part = trimWsp(parts[i]);
            if (part.isEmpty()) {
                if (i == parts.length - 1) {
                    break; // a trailing ";" is allowed (RFC 7489 §6.4 dmarc-record ends in [dmarc-sep])
                }
                problems.add(new Problem(Kind.SYNTAX, "", "", "empty tag between ';' separators"));
                continue;
            }
            int e = part.indexOf('=');
            if (e < 0) {
                problems.add(new Problem(Kind.SYNTAX, part, "", "tag " + DmarcText.show(part) + " has no '='"));
                continue;
            }
            String name = trimWsp(part.substring(0, e)).toLowerCase(Locale.ROOT);
            String value = trimWsp(part.substring(e + 1));
            if (!TAG_NAME.matcher(name).matches()) {
                problems.add(new Problem(Kind.SYNTAX, name, value, "invalid tag name " + DmarcText.show(name)));
                continue;
            }
            if (tags.containsKey(name)) {
                problems.add(new Problem(
                        Kind.DUPLICATE_TAG,
                        name,
                        value,
                        "tag " + name + " given more than once (" + DmarcText.show(tags.get(name)) + ", then "
                                + DmarcText.show(value) + ")"));
                continue;
            }
            tags.put(name, value);
            if (name.equals("p") && i != 1) {
                // RFC 7489 §6.4: dmarc-record = dmarc-version dmarc-sep [dmarc-request] ...; RFC 9989 only
                // requires v first, so this is a warning, not a fatal problem.
                problems.add(new Problem(
                        Kind.TAG_ORDER, "p", value, "p is tag " + (i + 1) + ", RFC 7489 requires it directly after v"));
            }
            parseTag(name, value, values, problems);
        }
        return build(raw, tags, problems, values);
    }

    /** Mutable holder for the interpreted tag values while parsing. */
    private static final class Values {
        Optional<Policy> p = Optional.empty();
        Optional<Policy> sp = Optional.empty();
        Optional<Policy> np = Optional.empty();
        boolean policyInvalid;
        String psd = "u";
        boolean testing;
        String adkim = "r";
        String aspf = "r";
        List<ReportUri> rua = List.of();
        List<ReportUri> ruf = List.of();
        boolean ruaValid;
    }

    private static void parseTag(String name, String value, Values v, List<Problem> problems) {
        switch (name) {
            case "p", "sp", "np" -> {
                Optional<Policy> policy = policy(value);
                if (policy.isEmpty()) {
                    v.policyInvalid = true;
                    problems.add(invalid(name, value, "none, quarantine or reject"));
                } else if (name.equals("p")) {
                    v.p = policy;
                } else if (name.equals("sp")) {
                    v.sp = policy;
                } else {
                    v.np = policy;
                }
            }
            case "adkim", "aspf" -> {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("r") && !lower.equals("s")) {
                    problems.add(invalid(name, value, "r or s"));
                } else if (name.equals("adkim")) {
                    v.adkim = lower;
                } else {
                    v.aspf = lower;
                }
            }
            case "psd" -> { // RFC 9989 §4.7: psd = y / n / u
                String lower = value.toLowerCase(Locale.ROOT);
                if (!Set.of("y", "n", "u").contains(lower)) {
                    problems.add(invalid(name, value, "y, n or u"));
                } else {
                    v.psd = lower;
                }
            }
            case "t" -> { // RFC 9989 §4.7: t = y / n
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("y") && !lower.equals("n")) {
                    problems.add(invalid(name, value, "y or n"));
                } else {
                    v.testing = lower.equals("y");
                }
            }
            case "rua", "ruf" -> {
                List<ReportUri> uris = uris(name, value, problems);
                if (name.equals("rua")) {
                    v.rua = uris;
                    v.ruaValid = !uris.isEmpty();
                } else {
                    v.ruf = uris;
                }
            }
            case "fo" -> { // RFC 7489 §6.3: fo = 0 / 1 / d / s, ':'-separated
                String[] opts = value.split(":", -1);
                for (String o : opts) {
                    if (!FO_VALUES.contains(trimWsp(o).toLowerCase(Locale.ROOT))) {
                        problems.add(invalid(name, value, "':'-separated options among 0, 1, d, s"));
                        break;
                    }
                }
            }
            case "pct" -> {
                obsolete(name, value, problems, "replaced by t=y");
                if (!DIGITS_3.matcher(value).matches() || Integer.parseInt(value) > 100) {
                    problems.add(invalid(name, value, "an integer 0..100"));
                }
            }
            case "ri" -> {
                obsolete(name, value, problems, "moved to the aggregate reporting document, RFC 9990");
                if (!DIGITS_10.matcher(value).matches() || Long.parseLong(value) > MAX_RI) {
                    problems.add(invalid(name, value, "an integer 0..4294967295"));
                }
            }
            case "rf" -> {
                obsolete(name, value, problems, "moved to the failure reporting document, RFC 9991");
                for (String k : value.split(":", -1)) {
                    if (!KEYWORD.matcher(trimWsp(k)).matches()) {
                        problems.add(invalid(name, value, "':'-separated report format keywords such as afrf"));
                        break;
                    }
                }
            }
            default -> {
                // RFC 9989 §4.7: unknown tags MUST be ignored
            }
        }
    }

    private static void obsolete(String name, String value, List<Problem> problems, String why) {
        problems.add(new Problem(
                Kind.OBSOLETE_TAG,
                name,
                value,
                "tag " + name + "=" + DmarcText.show(value) + " is removed by RFC 9989 (" + why + ")"));
    }

    private static Problem invalid(String name, String value, String expected) {
        return new Problem(
                Kind.INVALID_VALUE,
                name,
                value,
                name + "=" + DmarcText.show(value) + " is invalid (expected " + expected + ")");
    }

    private static Optional<Policy> policy(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(Policy.NONE);
            case "quarantine" -> Optional.of(Policy.QUARANTINE);
            case "reject" -> Optional.of(Policy.REJECT);
            default -> Optional.empty();
        };
    }

    /** RFC 7489 §6.4: dmarc-uri *(*WSP "," *WSP dmarc-uri); any invalid URI invalidates the tag. */
    private static List<ReportUri> uris(String name, String value, List<Problem> problems) {
        List<ReportUri> out = new ArrayList<>();
        String[] items = value.split(",", -1);
        if (items.length > MAX_TAGS) {
            problems.add(invalid(name, value, "at most " + MAX_TAGS + " URIs"));
            return List.of();
        }
        for (String item : items) {
            String u = trimWsp(item);
            Optional<String> size = Optional.empty();
            int bang = u.lastIndexOf('!');
            if (bang >= 0) {
                String s = u.substring(bang + 1);
                if (!SIZE.matcher(s).matches()) {
                    problems.add(
                            invalid(name, value, "URI with an optional size such as !10m, not " + DmarcText.show(u)));
                    return List.of();
                }
                size = Optional.of(s.toLowerCase(Locale.ROOT));
                u = u.substring(0, bang);
            }
            if (!URI_SHAPE.matcher(u).matches()) {
                problems.add(invalid(name, value, "a URI such as mailto:dmarc@example.org, not " + DmarcText.show(u)));
                return List.of();
            }
            URI parsed;
            try {
                parsed = new URI(u);
            } catch (URISyntaxException e) {
                problems.add(invalid(name, value, "a valid URI, not " + DmarcText.show(u)));
                return List.of();
            }
            String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
            Optional<String> host = switch (scheme) {
                case "mailto" -> mailtoDomain(parsed.getSchemeSpecificPart());
                case "https" -> Optional.ofNullable(parsed.getHost()).map(h -> h.toLowerCase(Locale.ROOT));
                default -> Optional.empty();
            };
            if (!scheme.equals("mailto") && !scheme.equals("https")) {
                // RFC 9990 §2 / RFC 7489 §6.2: receivers must support mailto; https is the only other in use
                problems.add(new Problem(
                        Kind.URI_UNSUPPORTED,
                        name,
                        u,
                        name + " URI " + DmarcText.show(u) + " uses scheme " + DmarcText.show(scheme)
                                + "; receivers send reports only to mailto: (or https:)"));
            } else if (host.isEmpty()) {
                problems.add(new Problem(
                        Kind.URI_UNSUPPORTED,
                        name,
                        u,
                        name + " URI " + DmarcText.show(u) + " names no destination domain"));
            }
            out.add(new ReportUri(u, size, scheme, host));
        }
        return out;
    }

    private static Optional<String> mailtoDomain(String ssp) {
        if (ssp == null) {
            return Optional.empty();
        }
        int q = ssp.indexOf('?');
        String addr = q >= 0 ? ssp.substring(0, q) : ssp;
        int at = addr.lastIndexOf('@');
        if (at <= 0 || at == addr.length() - 1 || addr.startsWith("//")) {
            return Optional.empty();
        }
        String domain = addr.substring(at + 1).toLowerCase(Locale.ROOT);
        return ADDRESS_DOMAIN.matcher(domain).matches() ? Optional.of(domain) : Optional.empty();
    }

    private static DmarcRecord build(String raw, Map<String, String> tags, List<Problem> problems, Values v) {
        boolean fallback = false;
        boolean versionOk = problems.stream().noneMatch(pr -> pr.kind() == Kind.BAD_VERSION);
        boolean otherFatal = problems.stream().anyMatch(pr -> pr.fatal() && !isPolicyValueProblem(pr));
        if (versionOk && (v.p.isEmpty() || v.policyInvalid)) {
            if (v.ruaValid && !otherFatal) {
                // RFC 7489 §6.6.3: no valid p/sp but a valid rua -> act as p=none so reports still flow
                fallback = true;
                problems.add(new Problem(
                        Kind.POLICY_FALLBACK,
                        "p",
                        tags.getOrDefault("p", ""),
                        v.p.isEmpty() && !v.policyInvalid
                                ? "no p tag; receivers apply none"
                                : "invalid policy tag; receivers apply none to the whole record"));
                // the INVALID_VALUE problems of p/sp/np stay listed but no longer discard the record
                problems.replaceAll(pr -> isPolicyValueProblem(pr)
                        ? new Problem(Kind.POLICY_FALLBACK, pr.tag(), pr.value(), pr.message())
                        : pr);
            } else if (!otherFatal) {
                problems.add(new Problem(
                        Kind.NO_POLICY,
                        "p",
                        tags.getOrDefault("p", ""),
                        v.policyInvalid
                                ? "invalid policy and no valid rua: receivers discard the record"
                                : "no p tag and no valid rua: receivers discard the record"));
            }
        }
        return new DmarcRecord(
                raw, tags, v.p, v.sp, v.np, v.psd, v.testing, v.adkim, v.aspf, v.rua, v.ruf, problems, fallback);
    }

    private static boolean isPolicyValueProblem(Problem pr) {
        return pr.kind() == Kind.INVALID_VALUE && Set.of("p", "sp", "np").contains(pr.tag());
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /** Strips RFC 5234 WSP (space and tab) only. */
    static String trimWsp(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isWsp(s.charAt(a))) {
            a++;
        }
        while (b > a && isWsp(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }
}
