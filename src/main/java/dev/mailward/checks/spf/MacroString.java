package dev.mailward.checks.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parsed macro-string (RFC 7208 §7.1): literals and macro expansions. Parsing is strict: a
 * {@code %} not followed by {@code {}, {@code %}, {@code _} or {@code -} is a syntax error
 * (§7.1/9), as is a macro letter the context does not allow (c, r and t only in explanation text).
 *
 * @param raw the text as written in the record
 * @param parts the literals and expansions in order
 * @param endsWithExpand whether the last token is a macro-expand ({@code %{..}}, {@code %%},
 *     {@code %_}, {@code %-}); a domain-spec may end in one instead of a toplabel (§7.1)
 */
record MacroString(String raw, List<Part> parts, boolean endsWithExpand) {

    /** Letters allowed in a domain-spec (RFC 7208 §7.2). */
    static final String DOMAIN_LETTERS = "slodiphv";
    /** Letters allowed in explanation text: also c, r and t (RFC 7208 §7.2). */
    static final String EXPLANATION_LETTERS = "slodiphvcrt";

    /** Upper bound of the number of parts kept, so that a hostile record cannot exhaust memory. */
    private static final int MAX_PARTS = 512;
    /** §7.3: implementations MUST support at least 127 for the DIGIT transformer; larger means "all". */
    private static final int MAX_DIGITS_VALUE = 128;

    MacroString {
        parts = List.copyOf(parts);
    }

    sealed interface Part permits Literal, Expand {}

    /** Literal text (already unescaped: {@code %%} is {@code %}, {@code %_} a space, {@code %-} {@code %20}). */
    record Literal(String text) implements Part {}

    /**
     * One {@code %{...}} expansion.
     *
     * @param letter the macro letter, lower case
     * @param urlEscape whether the letter was upper case (§7.3: the value is then URL-escaped)
     * @param rightParts how many right-hand parts to keep, 0 = all
     * @param reverse whether the parts are reversed first
     * @param delimiters the characters the value is split on ({@code .} by default)
     */
    record Expand(char letter, boolean urlEscape, int rightParts, boolean reverse, String delimiters) implements Part {}

    /**
     * Parses {@code text}.
     *
     * @param letters the macro letters allowed here
     * @param allowSpace whether a plain space is literal text (explanation strings, §6.2)
     */
    static MacroString parse(String text, String letters, boolean allowSpace) throws SpfSyntaxException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean lastExpand = false;
        int i = 0;
        while (i < text.length()) {
            if (parts.size() > MAX_PARTS) {
                throw new SpfSyntaxException("macro-string '" + text + "' has too many macros");
            }
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 1 >= text.length()) {
                    throw new SpfSyntaxException("'%' at the end of '" + text + "' (RFC 7208 §7.1)");
                }
                char n = text.charAt(i + 1);
                switch (n) {
                    case '%' -> literal.append('%');
                    case '_' -> literal.append(' ');
                    case '-' -> literal.append("%20");
                    case '{' -> {
                        int end = text.indexOf('}', i + 2);
                        if (end < 0) {
                            throw new SpfSyntaxException("unterminated macro in '" + text + "'");
                        }
                        if (!literal.isEmpty()) {
                            parts.add(new Literal(literal.toString()));
                            literal.setLength(0);
                        }
                        parts.add(parseExpand(text, text.substring(i + 2, end), letters));
                        i = end + 1;
                        lastExpand = true;
                        continue;
                    }
                    default ->
                        throw new SpfSyntaxException("invalid macro '%" + n + "' in '" + text
                                + "': '%' must be followed by '{', '%', '_' or '-' (RFC 7208 §7.1)");
                }
                i += 2;
                lastExpand = true;
                continue;
            }
            boolean visible = c >= 0x21 && c <= 0x7e;
            if (!visible && !(allowSpace && c == ' ')) {
                throw new SpfSyntaxException(String.format(
                        Locale.ROOT, "character U+%04X is not allowed in '%s' (RFC 7208 §7.1)", (int) c, text));
            }
            literal.append(c);
            lastExpand = false;
            i++;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new MacroString(text, parts, lastExpand);
    }

    private static Expand parseExpand(String text, String body, String letters) throws SpfSyntaxException {
        if (body.isEmpty()) {
            throw new SpfSyntaxException("empty macro '%{}' in '" + text + "'");
        }
        char raw = body.charAt(0);
        char letter = Character.toLowerCase(raw);
        if (raw > 0x7f || letters.indexOf(letter) < 0) {
            throw new SpfSyntaxException("macro letter '" + raw + "' is not allowed here in '" + text
                    + "' (RFC 7208 §7.2" + ("crt".indexOf(letter) >= 0 ? ": c, r, t only in exp text)" : ")"));
        }
        int i = 1;
        int digitsStart = i;
        while (i < body.length() && Character.isDigit(body.charAt(i)) && body.charAt(i) < 0x80) {
            i++;
        }
        int rightParts = 0;
        if (i > digitsStart) {
            String digits = body.substring(digitsStart, i);
            if (digits.length() > 4) {
                rightParts = MAX_DIGITS_VALUE;
            } else {
                rightParts = Math.min(Integer.parseInt(digits), MAX_DIGITS_VALUE);
            }
            if (rightParts == 0) {
                // §7.3: "If a DIGIT is specified, the value MUST be nonzero."
                throw new SpfSyntaxException(
                        "macro '%{" + body + "}' in '" + text + "': digit transformer must be nonzero");
            }
        }
        boolean reverse = false;
        if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (".-+,/_=".indexOf(d) < 0) {
                throw new SpfSyntaxException(
                        "macro '%{" + body + "}' in '" + text + "': '" + d + "' is not a delimiter (RFC 7208 §7.1)");
            }
        }
        return new Expand(
                letter, Character.isUpperCase(raw), rightParts, reverse, delimiters.isEmpty() ? "." : delimiters);
    }

    /** True when the string contains at least one {@code %{..}} expansion. */
    boolean hasMacros() {
        return parts.stream().anyMatch(p -> p instanceof Expand);
    }

    /** The letters used by this string's expansions, lower case. */
    String lettersUsed() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Expand e && sb.indexOf(String.valueOf(e.letter())) < 0) {
                sb.append(e.letter());
            }
        }
        return sb.toString();
    }

    /**
     * Expands with the given macro values (RFC 7208 §7.3). {@code values} returns the raw value of
     * a lower-case letter; it is only asked for letters this string uses (so that {@code p}, which
     * costs DNS queries, is computed only when needed).
     */
    String expand(Function<Character, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Literal l -> out.append(l.text());
                case Expand e -> {
                    String v = transform(values.apply(e.letter()), e);
                    out.append(e.urlEscape() ? urlEscape(v) : v);
                }
            }
        }
        return out.toString();
    }

    /** Expansion of a domain-spec: without a trailing dot and truncated to 253 characters (§7.3). */
    String expandDomain(Function<Character, String> values) {
        return truncateDomain(expand(values));
    }

    static String truncateDomain(String name) {
        String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        // §7.3: "if the expanded domain name exceeds 253 characters ... the left side is truncated
        // to fit, by removing successive domain labels"
        while (s.length() > 253) {
            int dot = s.indexOf('.');
            if (dot < 0) {
                return s;
            }
            s = s.substring(dot + 1);
        }
        return s;
    }

    private static String transform(String value, Expand e) {
        if (e.rightParts() == 0 && !e.reverse() && e.delimiters().equals(".")) {
            return value;
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (e.delimiters().indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        if (e.reverse()) {
            Collections.reverse(parts);
        }
        if (e.rightParts() > 0 && e.rightParts() < parts.size()) {
            parts = parts.subList(parts.size() - e.rightParts(), parts.size());
        }
        return String.join(".", parts);
    }

    /** §7.3: upper-case macros are URL-escaped; everything outside the unreserved set is escaped. */
    static String urlEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** The literal text after the last expansion, if the string ends in a literal. */
    Optional<String> literalTail() {
        if (endsWithExpand || parts.isEmpty()) {
            return Optional.empty();
        }
        return parts.getLast() instanceof Literal l ? Optional.of(l.text()) : Optional.empty();
    }
}
