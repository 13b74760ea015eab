package dev.mailward.dns;

import com.ibm.icu.text.IDNA;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A mail domain name as Mailward stores it: the lower-case A-label form (IDNA 2008 as profiled by
 * UTS #46, non-transitional, with CheckBidi, CheckJoiners and UseSTD3ASCIIRules), without a
 * trailing dot. {@link #unicode()} gives the U-label form for display.
 *
 * <p>Invariants: at most 253 octets, at least two labels, every label 1..63 octets of letters,
 * digits and inner hyphens (or a valid {@code xn--} A-label), a top-level label that is not all
 * digits, never an IP literal.
 *
 * @param ascii the lower-case A-label form, e.g. {@code xn--bcher-kva.example}
 */
public record DomainName(String ascii) implements Comparable<DomainName> {

    /** RFC 1035 §2.3.4 with the trailing dot not counted (RFC 2181 §11 leaves 253 for text form). */
    public static final int MAX_LENGTH = 253;
    /** RFC 1035 §2.3.4. */
    public static final int MAX_LABEL_LENGTH = 63;

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE
            | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ
            | IDNA.USE_STD3_RULES);

    /** Longest input looked at; anything longer cannot become a name of 253 octets anyway. */
    private static final int MAX_INPUT = 1024;

    public DomainName {
        if (ascii == null || !ascii.equals(toAscii(ascii))) {
            throw new IllegalArgumentException("not a normalised A-label domain name: " + ascii);
        }
    }

    /**
     * Normalises and validates user input: trims, removes one trailing dot, case-folds and converts
     * to the A-label form.
     *
     * @throws InvalidDomainNameException naming the problem (and the character and position for an
     *     illegal character)
     */
    public static DomainName parse(String input) {
        return new DomainName(toAscii(input));
    }

    /** The U-label form for display, e.g. {@code bücher.example}. */
    public String unicode() {
        StringBuilder out = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToUnicode(ascii, out, info);
        return info.hasErrors() ? ascii : out.toString();
    }

    /** Whether the name has an internationalised label. */
    public boolean isInternationalized() {
        return ascii.startsWith("xn--") || ascii.contains(".xn--");
    }

    /** The labels, left to right. */
    public List<String> labels() {
        return List.of(ascii.split("\\."));
    }

    @Override
    public int compareTo(DomainName o) {
        return ascii.compareTo(o.ascii);
    }

    @Override
    public String toString() {
        return ascii;
    }

    private static String toAscii(String input) {
        if (input == null) {
            throw new InvalidDomainNameException(Problem.EMPTY, "");
        }
        String s = input.strip();
        if (s.isEmpty()) {
            throw new InvalidDomainNameException(Problem.EMPTY, input);
        }
        if (s.length() > MAX_INPUT) {
            throw new InvalidDomainNameException(Problem.TOO_LONG, abbreviate(s), s.length());
        }
        if (s.startsWith("[") || s.endsWith("]")) {
            throw new InvalidDomainNameException(Problem.IP_LITERAL, s);
        }
        if (s.indexOf(':') >= 0 && isIpLiteral(s)) {
            throw new InvalidDomainNameException(Problem.IP_LITERAL, s);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
            if (s.isEmpty()) {
                throw new InvalidDomainNameException(Problem.EMPTY, input);
            }
            if (s.endsWith(".")) {
                throw new InvalidDomainNameException(Problem.EMPTY_LABEL, s);
            }
        }
        // ASCII characters outside letters, digits, hyphen and dot are refused here so that the
        // message can name the character and where it is (ICU only says "disallowed")
        int position = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            position++;
            if (cp < 0x80 && !(Character.isLetterOrDigit(cp) || cp == '-' || cp == '.')) {
                throw new InvalidDomainNameException(Problem.ILLEGAL_CHARACTER, s, describe(cp), position);
            }
            i += Character.charCount(cp);
        }
        if (s.startsWith(".") || s.contains("..")) {
            throw new InvalidDomainNameException(Problem.EMPTY_LABEL, s);
        }
        if (isIpLiteral(s)) {
            throw new InvalidDomainNameException(Problem.IP_LITERAL, s);
        }
        StringBuilder out = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(s, out, info);
        if (info.hasErrors()) {
            throw fromIcu(s, out.toString(), info.getErrors());
        }
        String ascii = out.toString().toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            // an ideographic full stop at the end maps to a trailing dot
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        checkStructure(s, ascii);
        checkIdna2008Letters(s, ascii);
        return ascii;
    }

    /**
     * UTS #46 still accepts symbols such as U+2615 or U+2044 ("NV8": valid under UTS #46, not
     * under IDNA 2008). RFC 5892 §2.1 builds PVALID from letters, marks and digits, so anything else
     * outside ASCII is refused, except the code points with a CONTEXTJ/CONTEXTO rule (§A), which
     * ICU has already checked.
     */
    private static void checkIdna2008Letters(String input, String ascii) {
        if (!ascii.startsWith("xn--") && !ascii.contains(".xn--")) {
            return;
        }
        StringBuilder unicode = new StringBuilder();
        UTS46.nameToUnicode(ascii, unicode, new IDNA.Info());
        String u = unicode.toString();
        for (int i = 0; i < u.length(); ) {
            int cp = u.codePointAt(i);
            if (cp >= 0x80 && !isIdna2008Letter(cp)) {
                int at = input.indexOf(new String(Character.toChars(cp)));
                int position = at < 0 ? u.codePointCount(0, i) + 1 : input.codePointCount(0, at) + 1;
                throw new InvalidDomainNameException(Problem.ILLEGAL_CHARACTER, input, describe(cp), position);
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean isIdna2008Letter(int cp) {
        return switch (Character.getType(cp)) {
            case Character.LOWERCASE_LETTER,
                    Character.OTHER_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER -> true;
            default ->
                cp == 0x200C
                        || cp == 0x200D
                        || cp == 0x00B7
                        || cp == 0x0375
                        || cp == 0x05F3
                        || cp == 0x05F4
                        || cp == 0x30FB;
        };
    }

    private static void checkStructure(String input, String ascii) {
        if (ascii.isEmpty()) {
            throw new InvalidDomainNameException(Problem.EMPTY, input);
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidDomainNameException(Problem.TOO_LONG, abbreviate(input), ascii.length());
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidDomainNameException(Problem.EMPTY_LABEL, input);
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw new InvalidDomainNameException(Problem.LABEL_TOO_LONG, abbreviate(label), label.length());
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidDomainNameException(Problem.HYPHEN, label);
            }
        }
        if (isIpLiteral(ascii)) {
            throw new InvalidDomainNameException(Problem.IP_LITERAL, input);
        }
        if (labels.length < 2) {
            throw new InvalidDomainNameException(Problem.SINGLE_LABEL, input);
        }
        String tld = labels[labels.length - 1];
        if (tld.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // RFC 3696 §2: a top-level domain is never all-numeric
            throw new InvalidDomainNameException(Problem.NUMERIC_TLD, input, tld);
        }
    }

    /** Maps ICU's error flags (most specific first) to one readable reason. */
    private static InvalidDomainNameException fromIcu(String input, String partial, Set<IDNA.Error> errors) {
        Set<IDNA.Error> e = errors.isEmpty() ? EnumSet.noneOf(IDNA.Error.class) : EnumSet.copyOf(errors);
        if (e.contains(IDNA.Error.DISALLOWED)) {
            int position = 0;
            for (int i = 0; i < input.length(); ) {
                int cp = input.codePointAt(i);
                position++;
                if (cp != '.') {
                    IDNA.Info one = new IDNA.Info();
                    UTS46.labelToASCII(new String(Character.toChars(cp)), new StringBuilder(), one);
                    if (one.getErrors().contains(IDNA.Error.DISALLOWED)) {
                        return new InvalidDomainNameException(Problem.ILLEGAL_CHARACTER, input, describe(cp), position);
                    }
                }
                i += Character.charCount(cp);
            }
            return new InvalidDomainNameException(Problem.DISALLOWED, input);
        }
        String label = firstBadLabel(input);
        if (e.contains(IDNA.Error.EMPTY_LABEL)) {
            return new InvalidDomainNameException(Problem.EMPTY_LABEL, input);
        }
        if (e.contains(IDNA.Error.DOMAIN_NAME_TOO_LONG)) {
            return new InvalidDomainNameException(Problem.TOO_LONG, abbreviate(input), partial.length());
        }
        if (e.contains(IDNA.Error.LABEL_TOO_LONG)) {
            String longest = "";
            for (String l : partial.split("\\.")) {
                if (l.length() > longest.length()) {
                    longest = l;
                }
            }
            return new InvalidDomainNameException(Problem.LABEL_TOO_LONG, abbreviate(longest), longest.length());
        }
        if (e.contains(IDNA.Error.LEADING_HYPHEN) || e.contains(IDNA.Error.TRAILING_HYPHEN)) {
            return new InvalidDomainNameException(Problem.HYPHEN, hyphenLabel(input));
        }
        if (e.contains(IDNA.Error.HYPHEN_3_4)) {
            return new InvalidDomainNameException(Problem.HYPHEN_3_4, hyphen34Label(input));
        }
        if (e.contains(IDNA.Error.PUNYCODE) || e.contains(IDNA.Error.INVALID_ACE_LABEL)) {
            return new InvalidDomainNameException(Problem.BAD_A_LABEL, aceLabel(input));
        }
        if (e.contains(IDNA.Error.LEADING_COMBINING_MARK)) {
            return new InvalidDomainNameException(Problem.COMBINING_MARK, label);
        }
        if (e.contains(IDNA.Error.BIDI)) {
            return new InvalidDomainNameException(Problem.BIDI, input);
        }
        if (e.contains(IDNA.Error.CONTEXTJ)) {
            return new InvalidDomainNameException(Problem.CONTEXTJ, input);
        }
        if (e.contains(IDNA.Error.CONTEXTO_DIGITS) || e.contains(IDNA.Error.CONTEXTO_PUNCTUATION)) {
            return new InvalidDomainNameException(Problem.CONTEXTO, input);
        }
        return new InvalidDomainNameException(Problem.DISALLOWED, input);
    }

    private static String firstBadLabel(String input) {
        String[] labels = input.split("[.\u3002\uFF0E\uFF61]");
        return labels.length == 0 ? input : labels[0];
    }

    private static String hyphenLabel(String input) {
        for (String l : input.split("[.\u3002\uFF0E\uFF61]")) {
            if (l.startsWith("-") || l.endsWith("-")) {
                return l;
            }
        }
        return input;
    }

    private static String hyphen34Label(String input) {
        for (String l : input.split("[.\u3002\uFF0E\uFF61]")) {
            if (l.length() >= 4 && l.charAt(2) == '-' && l.charAt(3) == '-') {
                return l;
            }
        }
        return input;
    }

    private static String aceLabel(String input) {
        for (String l : input.split("[.\u3002\uFF0E\uFF61]")) {
            if (l.toLowerCase(Locale.ROOT).startsWith("xn--")) {
                return l;
            }
        }
        return input;
    }

    private static boolean isIpLiteral(String s) {
        boolean candidate = s.indexOf(':') >= 0
                ? s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')
                : s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')
                        && s.chars().filter(c -> c == '.').count() == 3;
        if (!candidate) {
            return false;
        }
        try {
            InetAddress.ofLiteral(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(int cp) {
        String hex = String.format("U+%04X", cp);
        if (Character.isWhitespace(cp)
                || Character.isISOControl(cp)
                || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT) {
            String name = Character.getName(cp);
            return hex + (name == null ? "" : " " + name);
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + hex + ")";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 20) + "…" + s.substring(s.length() - 12);
    }

    /** Why a name was refused; each has a message key {@code inventory.name.<PROBLEM>}. */
    public enum Problem {
        EMPTY("the name is empty"),
        TOO_LONG("''{0}'' is {1} octets long; a domain name has at most 253"),
        LABEL_TOO_LONG("label ''{0}'' is {1} octets long; a label has at most 63"),
        EMPTY_LABEL("''{0}'' has an empty label (two dots in a row or a leading dot)"),
        ILLEGAL_CHARACTER("''{0}'' contains the illegal character {1} at position {2}"),
        HYPHEN("label ''{0}'' starts or ends with a hyphen"),
        HYPHEN_3_4("label ''{0}'' has hyphens in the third and fourth position, reserved for A-labels such as xn--"),
        BAD_A_LABEL("label ''{0}'' is not a valid A-label (bad Punycode)"),
        COMBINING_MARK("label ''{0}'' starts with a combining mark"),
        BIDI("''{0}'' breaks the bidi rule of RFC 5893 (mixes right-to-left and left-to-right characters)"),
        CONTEXTJ("''{0}'' has a zero-width joiner or non-joiner where RFC 5892 does not allow it"),
        CONTEXTO("''{0}'' has a character that RFC 5892 allows only in another context"),
        DISALLOWED("''{0}'' contains characters not allowed in domain names"),
        IP_LITERAL("''{0}'' is an IP address literal, not a domain name"),
        SINGLE_LABEL("''{0}'' is a single-label name; give a full domain such as example.org"),
        NUMERIC_TLD("''{0}'' has the all-numeric top-level label ''{1}''");

        private final String template;

        Problem(String template) {
            this.template = template;
        }

        /** The English message template ({@link java.text.MessageFormat} syntax). */
        public String template() {
            return template;
        }
    }
}
