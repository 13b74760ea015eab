package dev.mailward.checks.mtasts;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An MTA-STS policy file (RFC 8461 §3.2), parsed by its ABNF: {@code key: value} lines ending in
 * LF or CRLF; {@code version}, {@code mode} and {@code max_age} required exactly once, {@code mx}
 * required (at least once) unless the mode is {@code none}.
 *
 * @param mode {@code enforce}, {@code testing} or {@code none}
 * @param mx the {@code mx:} patterns as written (lower case), {@code *.} wildcards kept
 * @param maxAge {@code max_age} in seconds
 * @param extensions extension fields, as [name, value]
 */
record StsPolicy(String mode, List<String> mx, long maxAge, List<Map.Entry<String, String>> extensions) {

    sealed interface Parsed permits Valid, Invalid {}

    record Valid(StsPolicy policy) implements Parsed {}

    record Invalid(String reason) implements Parsed {}

    /** Lines beyond this are not read: a policy is a handful of lines, the body is capped at 64 KiB anyway. */
    static final int MAX_LINES = 1000;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final Pattern LINE_END = Pattern.compile("\r?\n");
    /** Spaces and tabs around a field ({@code *WSP}), trimmed. */
    private static final Pattern OUTER_WSP = Pattern.compile("^[ \t]+|[ \t]+$");

    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");

    static Parsed parse(String body) {
        String[] lines = LINE_END.split(body, -1);
        if (lines.length > MAX_LINES) {
            return new Invalid("policy has " + lines.length + " lines (limit " + MAX_LINES + ")");
        }
        Optional<String> version = Optional.empty();
        Optional<String> mode = Optional.empty();
        Optional<Long> maxAge = Optional.empty();
        List<String> mx = new ArrayList<>();
        List<Map.Entry<String, String>> ext = new ArrayList<>();
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isBlank()) {
                continue; // tolerated: trailing newlines are common and harmless
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                return new Invalid("line " + (n + 1) + " '" + clip(line) + "' is not 'key: value'");
            }
            String key = line.substring(0, colon);
            // RFC 8461 §3.2: "key:" *WSP value *WSP
            String value = OUTER_WSP.matcher(line.substring(colon + 1)).replaceAll("");
            switch (key) {
                case "version" -> {
                    if (version.isPresent()) {
                        return new Invalid("version given twice");
                    }
                    if (!value.equals("STSv1")) {
                        return new Invalid("version '" + clip(value) + "' is not STSv1");
                    }
                    version = Optional.of(value);
                }
                case "mode" -> {
                    if (mode.isPresent()) {
                        return new Invalid("mode given twice");
                    }
                    if (!value.equals("enforce") && !value.equals("testing") && !value.equals("none")) {
                        return new Invalid("mode '" + clip(value) + "' is not enforce, testing or none");
                    }
                    mode = Optional.of(value);
                }
                case "max_age" -> {
                    if (maxAge.isPresent()) {
                        return new Invalid("max_age given twice");
                    }
                    if (!MAX_AGE.matcher(value).matches()) {
                        return new Invalid("max_age '" + clip(value) + "' is not 1-10 digits (RFC 8461 §3.2)");
                    }
                    maxAge = Optional.of(Long.parseLong(value));
                }
                case "mx" -> {
                    Optional<String> err = checkMxPattern(value);
                    if (err.isPresent()) {
                        return new Invalid(err.get());
                    }
                    mx.add(value.toLowerCase(Locale.ROOT));
                }
                default -> {
                    if (!EXT_NAME.matcher(key).matches()) {
                        return new Invalid("line " + (n + 1) + ": invalid key '" + clip(key) + "'");
                    }
                    if (value.isEmpty()) {
                        return new Invalid("extension " + key + " has an empty value");
                    }
                    ext.add(Map.entry(key, value));
                }
            }
        }
        if (version.isEmpty()) {
            return new Invalid("version: STSv1 is missing");
        }
        if (mode.isEmpty()) {
            return new Invalid("mode is missing");
        }
        if (maxAge.isEmpty()) {
            return new Invalid("max_age is missing");
        }
        if (mx.isEmpty() && !mode.get().equals("none")) {
            return new Invalid("mode " + mode.get() + " requires at least one mx pattern (RFC 8461 §3.2)");
        }
        return new Valid(new StsPolicy(mode.get(), List.copyOf(mx), maxAge.get(), List.copyOf(ext)));
    }

    /** RFC 8461 §3.2 sts-policy-mx-value = ["*."] Domain, an A-label name (RFC 5321 Domain). */
    static Optional<String> checkMxPattern(String value) {
        if (value.isEmpty()) {
            return Optional.of("empty mx pattern");
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.startsWith("*.")) {
            name = name.substring(2);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.length() > 253) {
            return Optional.of("mx pattern '" + clip(value) + "' is not a domain name");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("mx pattern '" + clip(value) + "' has invalid label '" + clip(label)
                        + "' (A-labels only, one leading '*.' wildcard; RFC 8461 §3.2)");
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 8461 §4.1: an MX host matches a pattern exactly, or a {@code *.} pattern when the host has
     * exactly one more label on the left ({@code *.example.net} matches {@code mx1.example.net}, not
     * {@code a.b.example.net} nor {@code example.net}). Case-insensitive; trailing dots ignored.
     */
    static boolean matches(String pattern, String mxHost) {
        String p = normalise(pattern);
        String h = normalise(mxHost);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot + 1).equals(p.substring(2));
        }
        return p.equals(h);
    }

    boolean matchesAny(String mxHost) {
        return mx.stream().anyMatch(p -> matches(p, mxHost));
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        try {
            return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return n;
        }
    }

    static String clip(String s) {
        return StsRecord.clip(s);
    }
}
