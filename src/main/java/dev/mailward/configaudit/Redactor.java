package dev.mailward.configaudit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from an uploaded configuration before it is stored or shown, keeping the
 * setting's name and, for Postfix lookup tables, the table type and keys, so that the audit still
 * sees what is set:
 * <ul>
 * <li>values of password/secret/passphrase/token settings (Postfix, Dovecot, Rspamd, UCL or JSON);
 * <li>inline key material ({@code private_key}, {@code privkey}, {@code key}, {@code ssl_key}
 * values that are not a file reference) and every {@code -----BEGIN … PRIVATE KEY-----} block;
 * <li>inline Postfix lookup tables of credential parameters ({@code *_password_maps}, and the
 * parameters they refer to with {@code $name}): {@code static:<redacted>},
 * {@code inline:{ host=<redacted> }}, {@code { host = <redacted> }} elements, braced
 * {@code pcre:}/{@code regexp:}/{@code randmap:} tables, inside {@code pipemap:}/{@code unionmap:},
 * in {@code main.cf} continuation lines and in {@code master.cf} {@code -o} overrides;
 * <li>{@code password=}/{@code pass=}/{@code bind_pw=} inside SQL, LDAP and dict connect strings,
 * passwords in URLs ({@code scheme://user:<redacted>@host}), Spamhaus DQS keys, and
 * {@code host user:password} lines of a pasted {@code sasl_passwd}/{@code texthash:} file.
 * </ul>
 * Map and file references ({@code hash:/etc/postfix/sasl_passwd}, {@code ssl_key = </path>}) are
 * kept: they are not secrets and the audit needs them. Applying the redactor to its own output
 * changes nothing.
 */
public final class Redactor {

    /** The replacement written instead of a secret. */
    public static final String MASK = "<redacted>";

    /**
     * One removed secret.
     *
     * @param line the 1-based line
     * @param key the setting or kind, e.g. {@code password}, {@code private key}
     */
    public record Redaction(int line, String key) {}

    /** The redacted text and what was removed. */
    public record Redacted(String text, List<Redaction> redactions) {
        public Redacted {
            redactions = List.copyOf(redactions);
        }
    }

    // the head of a setting; the tail (white space, one ';' or ',') is split off by KeyValue.of,
    // in linear time where a lazy "(.*?)(\\s*[;,]?\\s*)$" is quadratic in runs of white space
    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*+)(\"?)([A-Za-z0-9_.\\-]++)(\\2)(\\s*+[=:]\\s*+)");
    // "token" only as the key's last word (token, api_token, auth_token): Rspamd's statistics
    // settings min_tokens, max_tokens and store_tokens are counts and switches, not secrets
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|passwd|passphrase|secret|_pass|^pass$|bind_pw|dnpass|api_key|apikey|token$"
                    + "|enable_password|nonce|credential|api_header).*");
    private static final Pattern NOT_SECRET =
            Pattern.compile("(?i).*(_maps?|_file|_files|_path|_dir|_mechanisms|_scheme|_command)$");
    private static final Pattern MAPS = Pattern.compile("(?i).*_maps?$");
    private static final Pattern KEY_MATERIAL =
            Pattern.compile("(?i)(key|privkey|.*private_?key.*|(?:.*_)?ssl(?:_[a-z]+)?_key|dkim_key)");
    // rspamd_update's "key" (and other Rspamd "key" settings in this form) is a public base32 key
    private static final Pattern RSPAMD_PUBLIC_KEY = Pattern.compile("\"?[a-z0-9]{52}\"?");
    private static final Pattern INLINE = Pattern.compile(
            "(?i)(\\b(?:password|passwd|pass|pwd|bind_pw|dnpass|secret)\\s*+=\\s*+)('[^']*+'?|\"[^\"]*+\"?|[^\\s;,\"']++)");
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)(\\b[a-z][a-z0-9+.\\-]{0,30}+://[^\\s/@:'\"]*+:)([^\\s@/'\"]++)(@)");
    // Spamhaus Data Query Service: the account key is the first label of every DNSBL name
    private static final Pattern DQS_KEY =
            Pattern.compile("(?i)\\b[a-z0-9]{26}(?=\\.(?:[a-z0-9\\-]{1,63}\\.){0,4}dq\\.spamhaus\\.net\\b)");
    private static final Pattern OVERRIDE = Pattern.compile("(?:^|(?<=\\s))-o\\s+");
    private static final Pattern OVERRIDE_BRACED = Pattern.compile("^\\s*+([A-Za-z0-9_]++)\\s*+=\\s*+");
    // host user:password, one entry of a pasted sasl_passwd (texthash:/hash: source) file
    private static final Pattern MAP_ENTRY =
            Pattern.compile("^(\\s*+[^\\s#=\\[{}\";]*+(?:\\[[^\\]\\s]*+\\][^\\s=]*+)?\\s++)"
                    + "([^\\s={}\";:]*+:[^\\s{}\";]*+)(\\s*)$");
    private static final Pattern REFERENCE =
            Pattern.compile("\\$(?:\\{([A-Za-z0-9_]++)[^}]{0,256}+}|\\(([A-Za-z0-9_]+)\\)|([A-Za-z0-9_]+))");
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----");
    private static final Pattern PEM_END = Pattern.compile("-----END ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----");

    static final int MAX_LINE = 16 * 1024;

    private Redactor() {}

    /**
     * Redacts {@code text}; the Postfix parameters its credential parameters refer to are found
     * in the text itself ({@link #credentialReferences}).
     *
     * @throws IllegalArgumentException when the text exceeds the bundle's caps or is binary (the
     *     message is {@link ConfigBundle#refusal}'s, naming the size); such uploads are refused
     */
    public static Redacted redact(String text) {
        return redact(text, credentialReferences(text));
    }

    /**
     * Redacts {@code text}, treating the Postfix parameters in {@code credentialParameters} as
     * credential lookup tables too (e.g. {@code relay_creds} of {@code main.cf} when
     * {@code master.cf} says {@code -o smtp_sasl_password_maps=$relay_creds}).
     *
     * @throws IllegalArgumentException as {@link #redact(String)}
     */
    public static Redacted redact(String text, Set<String> credentialParameters) {
        ConfigBundle.refusal("upload", text).ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        List<String> lines = Lines.split(text);
        List<Redaction> done = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        boolean inKey = false;
        boolean keyCounted = false;
        int keyLine = 0;
        Tables continued = null;
        String continuedName = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int ln = i + 1;
            if (inKey) {
                Matcher end = PEM_END.matcher(l);
                if (end.find()) {
                    inKey = false;
                    out.append(l, end.start(), l.length()).append('\n');
                } else if (!keyCounted) {
                    done.add(new Redaction(keyLine, "private key"));
                    keyCounted = true;
                }
                continue;
            }
            if (l.length() > MAX_LINE) {
                // Too long to be a setting worth keeping; dropped whole rather than scanned slowly.
                done.add(new Redaction(ln, "overlong line"));
                out.append(MASK).append('\n');
                continued = null;
                continue;
            }
            if (continued != null && !l.isEmpty() && Character.isWhitespace(l.charAt(0))) {
                // a main.cf continuation line of a credential table whose braces are still open
                String r = continued.feed(l);
                if (continued.masked > 0) {
                    done.add(new Redaction(ln, continuedName));
                }
                out.append(r).append('\n');
                if (!continued.open()) {
                    continued = null;
                }
                continue;
            }
            continued = null;
            Matcher pem = PEM_BEGIN.matcher(l);
            if (pem.find()) {
                // a block already reduced to BEGIN<redacted>END is not counted again
                StringBuilder b = new StringBuilder();
                boolean fresh = false;
                int from = 0;
                boolean open;
                do {
                    b.append(l, from, pem.end()).append(MASK);
                    Matcher end = PEM_END.matcher(l).region(pem.end(), l.length());
                    open = !end.find();
                    fresh |= !l.substring(pem.end(), open ? l.length() : end.start())
                            .strip()
                            .equals(MASK);
                    if (open) {
                        break;
                    }
                    from = end.start();
                    pem = PEM_BEGIN.matcher(l).region(end.end(), l.length());
                } while (pem.find());
                if (!open) {
                    b.append(l, from, l.length());
                }
                if (fresh) {
                    done.add(new Redaction(ln, "private key"));
                }
                out.append(b).append('\n');
                inKey = open;
                keyCounted = fresh;
                keyLine = ln;
                continue;
            }
            KeyValue kv = KeyValue.of(l);
            if (kv != null) {
                String name = kv.name();
                String v = kv.value();
                if (credentialTable(name, credentialParameters)) {
                    Tables t = new Tables();
                    String r = t.feed(v);
                    if (t.masked > 0) {
                        done.add(new Redaction(ln, name.toLowerCase(Locale.ROOT)));
                    }
                    out.append(kv.head()).append(r).append(kv.tail()).append('\n');
                    if (t.open()) {
                        continued = t;
                        continuedName = name.toLowerCase(Locale.ROOT);
                    }
                    continue;
                }
                boolean secret = SECRET_KEY.matcher(name).matches()
                        && !NOT_SECRET.matcher(name).matches();
                boolean material = KEY_MATERIAL.matcher(name).matches()
                        && !NOT_SECRET.matcher(name).matches()
                        && !reference(v)
                        && !RSPAMD_PUBLIC_KEY.matcher(v).matches();
                String quote = v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'")) ? v.substring(0, 1) : "";
                String bare = !quote.isEmpty() && v.endsWith(quote) ? v.substring(1, v.length() - 1) : v;
                if ((secret || material)
                        && !v.isEmpty()
                        && !v.startsWith("<")
                        && !bare.equals(MASK)
                        && !v.startsWith("# hidden")) {
                    done.add(new Redaction(ln, name.toLowerCase(Locale.ROOT)));
                    out.append(kv.head())
                            .append(quote)
                            .append(MASK)
                            .append(quote)
                            .append(kv.tail())
                            .append('\n');
                    continue;
                }
            }
            int before = done.size();
            String r = overrides(l, ln, credentialParameters, done);
            r = replace(
                    INLINE,
                    r,
                    ln,
                    done,
                    m -> m.group(1).replaceAll("[\\s=]", "").toLowerCase(Locale.ROOT),
                    m -> m.group(2).replace("\"", "").replace("'", "").equals(MASK) ? m.group() : m.group(1) + MASK);
            r = replace(URL_PASSWORD, r, ln, done, m -> "url password", m -> m.group(1) + MASK + m.group(3));
            r = replace(DQS_KEY, r, ln, done, m -> "dnsbl key", m -> MASK);
            if (done.size() == before && kv == null) {
                Matcher entry = MAP_ENTRY.matcher(r);
                if (entry.matches()
                        && !entry.group(1).isBlank()
                        && !entry.group(2).equals(MASK)) {
                    done.add(new Redaction(ln, "map entry"));
                    r = entry.group(1) + MASK + entry.group(3);
                }
            }
            out.append(r).append('\n');
        }
        if (!text.endsWith("\n") && !text.endsWith("\r") && out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return new Redacted(out.toString(), done);
    }

    /**
     * The Postfix parameters that hold credential lookup tables in {@code texts}: those the
     * credential parameters ({@code *_password_maps}, also in {@code -o} overrides) refer to
     * with {@code $name}, {@code ${name}} or {@code $(name)}, transitively.
     */
    public static Set<String> credentialReferences(String... texts) {
        Map<String, List<String>> values = new HashMap<>();
        Deque<String> pending = new ArrayDeque<>();
        for (String text : texts) {
            if (text == null || ConfigBundle.refusal("upload", text).isPresent()) {
                continue;
            }
            for (String l : Lines.split(text)) {
                if (l.length() > MAX_LINE) {
                    continue;
                }
                KeyValue kv = KeyValue.of(l);
                if (kv != null) {
                    values.computeIfAbsent(kv.name(), k -> new ArrayList<>()).add(kv.value());
                    if (SECRET_KEY.matcher(kv.name()).matches()) {
                        pending.add(kv.value());
                    }
                }
                for (Override o : Override.all(l)) {
                    if (SECRET_KEY.matcher(o.name()).matches()) {
                        pending.add(o.value());
                    }
                }
            }
        }
        Set<String> found = new HashSet<>();
        while (!pending.isEmpty()) {
            Matcher ref = REFERENCE.matcher(pending.poll());
            while (ref.find()) {
                String name = ref.group(1) != null ? ref.group(1) : ref.group(2) != null ? ref.group(2) : ref.group(3);
                if (found.add(name)) {
                    pending.addAll(values.getOrDefault(name, List.of()));
                }
            }
        }
        return Set.copyOf(found);
    }

    private static boolean credentialTable(String name, Set<String> credentialParameters) {
        return credentialParameters.contains(name)
                || SECRET_KEY.matcher(name).matches() && MAPS.matcher(name).matches();
    }

    /** A file or variable reference rather than key material. */
    private static boolean reference(String value) {
        String v = value.startsWith("\"") || value.startsWith("'") ? value.substring(1) : value;
        return v.isEmpty()
                || v.startsWith("<")
                || v.startsWith("/")
                || v.startsWith("./")
                || v.startsWith("~")
                || v.startsWith("$")
                || v.startsWith("%{")
                || v.startsWith("file:")
                || v.startsWith("# hidden");
    }

    /**
     * A {@code name = value} (or {@code name: value}, {@code "name": value}) line.
     *
     * @param head everything up to the value (indent, quoted name, separator)
     * @param tail what follows the value: white space and one {@code ;} or {@code ,}
     */
    private record KeyValue(String head, String name, String value, String tail) {

        static KeyValue of(String l) {
            Matcher m = KEY_VALUE.matcher(l);
            if (!m.lookingAt()) {
                return null;
            }
            int start = m.end();
            int end = l.length();
            while (end > start && Character.isWhitespace(l.charAt(end - 1))) {
                end--;
            }
            if (end > start && (l.charAt(end - 1) == ';' || l.charAt(end - 1) == ',')) {
                end--;
            }
            while (end > start && Character.isWhitespace(l.charAt(end - 1))) {
                end--;
            }
            return new KeyValue(l.substring(0, start), m.group(3), l.substring(start, end), l.substring(end));
        }
    }

    /** {@code -o name=value} and {@code -o { name = value }} overrides of master.cf. */
    private static String overrides(String l, int ln, Set<String> credentialParameters, List<Redaction> done) {
        List<Override> all = Override.all(l);
        if (all.isEmpty()) {
            return l;
        }
        StringBuilder b = new StringBuilder(l.length());
        int from = 0;
        for (Override o : all) {
            String value = o.value();
            String r = value;
            if (credentialTable(o.name(), credentialParameters)) {
                Tables t = new Tables();
                r = t.feed(value);
                if (t.masked > 0) {
                    done.add(new Redaction(ln, o.name().toLowerCase(Locale.ROOT)));
                }
            } else if (SECRET_KEY.matcher(o.name()).matches()
                    && !NOT_SECRET.matcher(o.name()).matches()
                    && !value.isEmpty()
                    && !value.equals(MASK)) {
                r = MASK;
                done.add(new Redaction(ln, o.name().toLowerCase(Locale.ROOT)));
            }
            b.append(l, from, o.valueStart()).append(r);
            from = o.valueEnd();
        }
        return b.append(l, from, l.length()).toString();
    }

    /** One {@code -o} override of a master.cf line: the parameter and where its value is. */
    private record Override(String name, String value, int valueStart, int valueEnd) {

        static List<Override> all(String l) {
            if (!l.contains("-o")) {
                return List.of();
            }
            List<Override> out = new ArrayList<>();
            Matcher o = OVERRIDE.matcher(l);
            int pos = 0;
            while (pos < l.length() && o.find(pos)) {
                int s = o.end();
                if (s < l.length() && l.charAt(s) == '{') {
                    int depth = 0;
                    int e = s;
                    for (; e < l.length(); e++) {
                        char c = l.charAt(e);
                        if (c == '{') {
                            depth++;
                        } else if (c == '}' && --depth == 0) {
                            break;
                        }
                    }
                    Matcher m = OVERRIDE_BRACED.matcher(l).region(s + 1, e).useAnchoringBounds(true);
                    if (m.lookingAt()) {
                        int ve = e;
                        while (ve > m.end() && Character.isWhitespace(l.charAt(ve - 1))) {
                            ve--;
                        }
                        out.add(new Override(m.group(1), l.substring(m.end(), ve), m.end(), ve));
                    }
                    pos = Math.min(e + 1, l.length());
                } else {
                    int e = s;
                    while (e < l.length() && !Character.isWhitespace(l.charAt(e))) {
                        e++;
                    }
                    int eq = l.indexOf('=', s);
                    if (eq > s && eq < e) {
                        out.add(new Override(l.substring(s, eq), l.substring(eq + 1, e), eq + 1, e));
                    }
                    pos = e;
                }
            }
            return out;
        }
    }

    private static String replace(
            Pattern p,
            String l,
            int ln,
            List<Redaction> done,
            java.util.function.Function<Matcher, String> key,
            java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(l);
        StringBuilder b = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            String replacement = with.apply(m);
            if (m.group().equals(replacement)) {
                continue;
            }
            any = true;
            done.add(new Redaction(ln, key.apply(m)));
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        if (!any) {
            return l;
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * Redacts the inline contents of a Postfix lookup-table list ({@code static:}, {@code inline:},
     * braced tables, {@code pipemap:}/{@code unionmap:} composites), keeping types, keys, file
     * names and {@code $} references. Keeps its brace state between calls, so that the
     * continuation lines of a main.cf setting are fed one after another; linear in the input.
     */
    private static final class Tables {

        private enum Frame {
            LIST,
            INLINE,
            ELEMENT_KEY,
            ELEMENT_VALUE,
            OPAQUE
        }

        private final Deque<Frame> stack = new ArrayDeque<>();
        /** Values masked by the last {@link #feed}. */
        int masked;

        boolean open() {
            return !stack.isEmpty();
        }

        String feed(String s) {
            masked = 0;
            boolean maskedHere = false;
            StringBuilder out = new StringBuilder(s.length());
            StringBuilder space = new StringBuilder();
            int n = s.length();
            int i = 0;
            while (i < n) {
                Frame f = stack.isEmpty() ? Frame.LIST : stack.peek();
                char c = s.charAt(i);
                switch (f) {
                    case LIST -> {
                        if (Character.isWhitespace(c) || c == ',') {
                            out.append(c);
                            i++;
                        } else if (c == '}') {
                            if (!stack.isEmpty()) {
                                stack.pop();
                            }
                            out.append(c);
                            i++;
                        } else if (c == '{') {
                            out.append(c);
                            stack.push(Frame.OPAQUE);
                            maskedHere = false;
                            i++;
                        } else if (c == '$') {
                            int e = i + 1;
                            if (e < n && (s.charAt(e) == '{' || s.charAt(e) == '(')) {
                                int close = s.indexOf(s.charAt(e) == '{' ? '}' : ')', e);
                                e = close < 0 ? n : close + 1;
                            }
                            out.append(s, i, e);
                            i = e;
                        } else {
                            int j = i;
                            while (j < n
                                    && (Character.isLetterOrDigit(s.charAt(j))
                                            || s.charAt(j) == '_'
                                            || s.charAt(j) == '-')) {
                                j++;
                            }
                            if (j > i && j < n && s.charAt(j) == ':') {
                                String type = s.substring(i, j).toLowerCase(Locale.ROOT);
                                out.append(s, i, j + 1);
                                i = j + 1;
                                if (i < n && s.charAt(i) == '{') {
                                    out.append('{');
                                    i++;
                                    stack.push(
                                            switch (type) {
                                                case "inline" -> Frame.INLINE;
                                                case "pipemap", "unionmap" -> Frame.LIST;
                                                default -> Frame.OPAQUE;
                                            });
                                    maskedHere = false;
                                } else {
                                    int e = tokenEnd(s, i);
                                    if (type.equals("static") && e > i && !s.startsWith(MASK, i)) {
                                        out.append(MASK);
                                        masked++;
                                    } else {
                                        out.append(s, i, e);
                                    }
                                    i = e;
                                }
                            } else {
                                int e = Math.max(tokenEnd(s, i), i + 1);
                                out.append(s, i, e);
                                i = e;
                            }
                        }
                    }
                    case INLINE -> {
                        if (Character.isWhitespace(c) || c == ',') {
                            out.append(c);
                            i++;
                        } else if (c == '}') {
                            stack.pop();
                            out.append(c);
                            i++;
                        } else if (c == '{') {
                            out.append(c);
                            stack.push(Frame.ELEMENT_KEY);
                            i++;
                        } else {
                            int e = i;
                            while (e < n && "=,{}".indexOf(s.charAt(e)) < 0 && !Character.isWhitespace(s.charAt(e))) {
                                e++;
                            }
                            int eq = e;
                            while (eq < n && Character.isWhitespace(s.charAt(eq))) {
                                eq++;
                            }
                            if (eq < n && s.charAt(eq) == '=') {
                                int v = eq + 1;
                                while (v < n && Character.isWhitespace(s.charAt(v))) {
                                    v++;
                                }
                                int ve = tokenEnd(s, v);
                                out.append(s, i, v);
                                if (ve > v && !s.startsWith(MASK, v)) {
                                    out.append(MASK);
                                    masked++;
                                } else {
                                    out.append(s, v, ve);
                                }
                                i = ve;
                            } else if (s.startsWith(MASK, i)) {
                                out.append(MASK);
                                i += MASK.length();
                            } else {
                                // a word without "=": part of a value written with spaces
                                out.append(MASK);
                                masked++;
                                i = e;
                            }
                        }
                    }
                    case ELEMENT_KEY -> {
                        out.append(c);
                        i++;
                        if (c == '}') {
                            stack.pop();
                        } else if (c == '=') {
                            stack.pop();
                            stack.push(Frame.ELEMENT_VALUE);
                            maskedHere = false;
                            while (i < n && Character.isWhitespace(s.charAt(i))) {
                                out.append(s.charAt(i++));
                            }
                        }
                    }
                    case ELEMENT_VALUE, OPAQUE -> {
                        i++;
                        if (Character.isWhitespace(c)) {
                            space.append(c);
                        } else if (c == '}' || c == '{' && f == Frame.OPAQUE) {
                            boolean outer = c == '}'
                                    && (stack.pop() == Frame.ELEMENT_VALUE
                                            || stack.isEmpty()
                                            || stack.peek() != Frame.OPAQUE);
                            if (c == '{') {
                                stack.push(Frame.OPAQUE);
                                maskedHere = mask(out, space, maskedHere);
                            } else if (outer) {
                                out.append(space).append('}');
                                space.setLength(0);
                            }
                        } else {
                            if (s.startsWith(MASK, i - 1) && !maskedHere) {
                                out.append(space).append(MASK);
                                space.setLength(0);
                                maskedHere = true;
                                i += MASK.length() - 1;
                            } else {
                                maskedHere = mask(out, space, maskedHere);
                            }
                        }
                    }
                    default -> throw new IllegalStateException(f.name());
                }
            }
            if (!maskedHere || stack.isEmpty()) {
                out.append(space);
            }
            return out.toString();
        }

        private boolean mask(StringBuilder out, StringBuilder space, boolean maskedHere) {
            if (!maskedHere) {
                out.append(space).append(MASK);
                masked++;
            }
            space.setLength(0);
            return true;
        }

        /** The end of an unbraced table name or value: white space, a comma or a brace. */
        private static int tokenEnd(String s, int i) {
            int e = i;
            while (e < s.length() && ",{}".indexOf(s.charAt(e)) < 0 && !Character.isWhitespace(s.charAt(e))) {
                e++;
            }
            return e;
        }
    }
}
