package dev.mailward.dns;

import com.ibm.icu.text.IDNA;
import java.util.Locale;
import java.util.Set;

/**
 * A domain name as typed by a person, checked and converted to its lower-case A-label (IDNA 2008
 * per UTS 46, non-transitional) for storage and queries, with the U-label for display.
 * Every rejection names the problem: empty, too long, a label too long, an empty label,
 * an illegal character (with its position), a hyphen at a label's edge, an IP literal, a single
 * label, an all-numeric top-level label, or an IDNA error.
 *
 * @param ascii the A-label form, lower case, without trailing dot, e.g. {@code xn--bcher-kva.example}
 * @param unicode the U-label form for display, e.g. {@code bücher.example}
 */
public record DomainName(String ascii, String unicode) {

    /** RFC 1035 §2.3.4: 255 octets on the wire, i.e. 253 characters in text form without the root dot. */
    public static final int MAX_LENGTH = 253;
    /** RFC 1035 §2.3.4. */
    public static final int MAX_LABEL = 63;

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.USE_STD3_RULES);

    /**
     * Parses and normalises {@code input} (surrounding white space and one trailing dot removed).
     *
     * @throws IllegalArgumentException with a message naming what is wrong with the name
     */
    public static DomainName parse(String input) {
        if (input == null || input.strip().isEmpty()) {
            throw new IllegalArgumentException("the domain name is empty");
        }
        String s = input.strip();
        String shown = display(s);
        if (s.startsWith("[") || s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}\\.?")) {
            throw new IllegalArgumentException("'" + shown + "' is an IP address, not a domain name");
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'" + shown + "' is the root, not a domain name");
        }
        if (s.length() > 4 * MAX_LENGTH) {
            throw new IllegalArgumentException("the domain name is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new IllegalArgumentException("'" + shown + "' contains a space or control character (U+"
                        + String.format("%04X", c) + ") at position " + (i + 1));
            }
            if (c < 0x80 && !(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                throw new IllegalArgumentException("'" + shown + "' contains the illegal character '"
                        + Character.toString(c) + "' at position " + (i + 1));
            }
            i += Character.charCount(c);
        }
        if (s.startsWith(".") || s.contains("..")) {
            throw new IllegalArgumentException("'" + shown + "' has an empty label (two dots in a row or a leading dot)");
        }
        StringBuilder ascii = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(s, ascii, info);
        if (info.hasErrors()) {
            throw new IllegalArgumentException("'" + shown + "' is not a valid internationalised domain name: "
                    + describe(info.getErrors()));
        }
        String a = ascii.toString().toLowerCase(Locale.ROOT);
        if (a.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'" + shown + "' is " + a.length() + " characters long as an A-label; at most "
                    + MAX_LENGTH + " are allowed");
        }
        String[] labels = a.split("\\.", -1);
        for (String label : labels) {
            if (label.length() > MAX_LABEL) {
                throw new IllegalArgumentException("the label '" + abbreviate(label) + "' is " + label.length()
                        + " characters long; at most " + MAX_LABEL + " are allowed");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("the label '" + label + "' starts or ends with a hyphen");
            }
        }
        if (labels.length < 2) {
            throw new IllegalArgumentException("'" + shown + "' is a single label; give a full domain name such as example.org");
        }
        if (labels[labels.length - 1].matches("\\d+")) {
            throw new IllegalArgumentException("the top-level label '" + labels[labels.length - 1] + "' of '" + shown
                    + "' is all digits");
        }
        StringBuilder uni = new StringBuilder();
        UTS46.nameToUnicode(a, uni, new IDNA.Info());
        return new DomainName(a, uni.toString());
    }

    /** True when the name has no non-ASCII form. */
    public boolean isAscii() {
        return ascii.equals(unicode);
    }

    @Override
    public String toString() {
        return ascii;
    }

    private static String describe(Set<IDNA.Error> errors) {
        StringBuilder sb = new StringBuilder();
        for (IDNA.Error e : errors) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(switch (e) {
                case EMPTY_LABEL -> "it has an empty label";
                case LABEL_TOO_LONG -> "a label is longer than 63 octets";
                case DOMAIN_NAME_TOO_LONG -> "the name is longer than 253 octets";
                case LEADING_HYPHEN -> "a label starts with a hyphen";
                case TRAILING_HYPHEN -> "a label ends with a hyphen";
                case HYPHEN_3_4 -> "a label has hyphens in the 3rd and 4th position but is no valid xn-- label";
                case LEADING_COMBINING_MARK -> "a label starts with a combining mark";
                case DISALLOWED -> "it contains a character that is not allowed in domain names";
                case PUNYCODE -> "an xn-- label is not valid Punycode";
                case LABEL_HAS_DOT -> "a label contains a dot";
                case INVALID_ACE_LABEL -> "an xn-- label does not decode to a valid name";
                case BIDI -> "it mixes right-to-left and left-to-right text in a way IDNA forbids (RFC 5893)";
                case CONTEXTJ -> "it has a zero-width joiner or non-joiner where IDNA forbids it (RFC 5892)";
                case CONTEXTO_PUNCTUATION -> "it has punctuation that IDNA allows only in certain contexts";
                case CONTEXTO_DIGITS -> "it mixes Arabic-Indic digit sets";
            });
        }
        return sb.toString();
    }

    private static String display(String s) {
        String t = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        StringBuilder sb = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    private static String abbreviate(String label) {
        return label.length() > 20 ? label.substring(0, 17) + "..." : label;
    }
}
