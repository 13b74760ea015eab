package dev.mailward.dns.internal;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Turns user- or record-supplied text into an absolute, lower-case DNS name, or says why not.
 * Accepts names with or without the trailing dot, letters, digits, hyphen, underscore (service
 * labels such as {@code _dmarc}) and {@code *}; rejects empty labels, labels over 63 octets and
 * names over 255 octets on the wire (RFC 1035 §2.3.4), and non-ASCII (callers give A-labels).
 */
public final class DnsNames {

    /** The parsed name, or the reason it is not one. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(Name name) implements Parsed {
    }

    public record Invalid(String reason) implements Parsed {
    }

    private DnsNames() {
    }

    public static Parsed parse(String text) {
        if (text == null) {
            return new Invalid("no name given");
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return new Invalid("empty name");
        }
        if (s.length() > 300) {
            return new Invalid("name '" + s.substring(0, 40) + "...' is longer than 253 characters");
        }
        if (s.equals(".")) {
            return new Valid(Name.root);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > 253) {
            return new Invalid("name '" + text + "' is longer than 253 characters");
        }
        String[] labels = s.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return new Invalid("name '" + text + "' has an empty label");
            }
            if (label.length() > 63) {
                return new Invalid("name '" + text + "' has a label longer than 63 characters: '" + label + "'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '*';
                if (!ok) {
                    String shown = c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
                    return new Invalid("name '" + printable(text) + "' contains " + shown
                            + (c > 0x7f ? " (give the A-label, xn--...)" : ""));
                }
            }
        }
        try {
            return new Valid(Name.fromString(s.toLowerCase(Locale.ROOT) + "."));
        } catch (TextParseException e) {
            return new Invalid("name '" + text + "' is not a valid DNS name: " + e.getMessage());
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
