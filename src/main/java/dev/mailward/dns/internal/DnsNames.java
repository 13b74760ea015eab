package dev.mailward.dns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Turns user- or record-supplied text into an absolute, lower-case DNS name, or says why not.
 * Accepts names with or without the trailing dot and any printable ASCII octet in a label
 * (RFC 2181 §11; SPF macros can produce {@code :}, {@code /} or spaces), escaped for dnsjava;
 * rejects empty labels, labels over 63 octets and names over 255 octets on the wire
 * (RFC 1035 §2.3.4), control characters, and non-ASCII (callers give A-labels).
 */
public final class DnsNames {

    /** The parsed name, or the reason it is not one. */
    public sealed interface Parsed permits Valid, Invalid {}

    public record Valid(Name name) implements Parsed {}

    public record Invalid(String reason) implements Parsed {}

    private DnsNames() {}

    /**
     * Recently parsed valid names: the checks of one domain ask about the same few names many
     * times (the domain itself, its MX hosts, {@code _dmarc}), each by text. Bounded; emptied
     * when full, so a bulk run keeps the names of the domains it is working on.
     */
    private static final int RECENT_MAX = 16_384;

    private static final ConcurrentHashMap<String, Valid> RECENT = new ConcurrentHashMap<>();

    public static Parsed parse(String text) {
        if (text == null) {
            return new Invalid("no name given");
        }
        Valid hit = RECENT.get(text);
        if (hit != null) {
            return hit;
        }
        Parsed p = parseUncached(text);
        if (p instanceof Valid v && text.length() <= 255) {
            if (RECENT.size() >= RECENT_MAX) {
                RECENT.clear();
            }
            RECENT.put(text, v);
        }
        return p;
    }

    private static Parsed parseUncached(String text) {
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
        List<String> labels = splitLabels(s);
        StringBuilder escaped = new StringBuilder(s.length() + 8);
        for (String label : labels) {
            if (label.isEmpty()) {
                return new Invalid("name '" + printable(text) + "' has an empty label");
            }
            if (label.indexOf('\\') < 0 && label.length() > 63) {
                return new Invalid("name '" + printable(text) + "' has a label longer than 63 characters: '"
                        + printable(label) + "'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                // RFC 2181 §11: any octet is legal in a label; host-name rules are the caller's business.
                // Control characters and non-ASCII are refused: record data gives them escaped, users give A-labels.
                if (c < 0x20 || c >= 0x7f) {
                    String shown = String.format("U+%04X", (int) c);
                    return new Invalid("name '" + printable(text) + "' contains " + shown
                            + (c > 0x7f ? " (give the A-label, xn--...)" : ""));
                }
                if (c == '\\' && i + 1 < label.length()) {
                    // Presentation-format escapes (\DDD or \X), as record data and dnsjava print them.
                    if (i + 3 < label.length() && label.substring(i + 1, i + 4).matches("\\d{3}")) {
                        escaped.append(label, i, i + 4);
                        i += 3;
                    } else {
                        i++;
                        escaped.append('\\').append(String.format("%03d", (int) label.charAt(i)));
                    }
                    continue;
                }
                boolean plain = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '_'
                        || c == '*';
                if (plain) {
                    escaped.append(Character.toLowerCase(c));
                } else {
                    escaped.append('\\').append(String.format("%03d", (int) c));
                }
            }
            escaped.append('.');
        }
        try {
            return new Valid(Name.fromString(escaped.toString()));
        } catch (TextParseException e) {
            return new Invalid("name '" + printable(text) + "' is not a valid DNS name: " + e.getMessage());
        }
    }

    /** Splits at unescaped dots ({@code a\.b.c} is two labels). */
    private static List<String> splitLabels(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '.') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
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
