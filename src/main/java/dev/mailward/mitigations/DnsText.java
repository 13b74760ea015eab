package dev.mailward.mitigations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Shared helpers of the record builders: names, TXT presentation. */
final class DnsText {

    /** RFC 1035 §2.3.4: 255 octets per character-string. */
    static final int MAX_STRING = 255;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?");

    private DnsText() {}

    /** A lower-case host/domain name without the trailing dot; throws naming the value when invalid. */
    static String name(String what, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String n = raw.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.length() > 253 || !n.contains(".")) {
            throw new IllegalArgumentException(what + " '" + raw + "' is not a fully qualified domain name");
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(what + " '" + raw + "' has an invalid label '" + label + "'");
            }
        }
        return n;
    }

    /** TXT presentation: the value quoted, split into strings of at most 255 octets. */
    static String txt(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += MAX_STRING) {
            parts.add("\""
                    + new String(bytes, i, Math.min(MAX_STRING, bytes.length - i), StandardCharsets.US_ASCII)
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                    + "\"");
        }
        return parts.size() == 1 ? parts.getFirst() : "( " + String.join(" ", parts) + " )";
    }

    static String zoneLine(String owner, String type, String rdata) {
        return owner + ". 3600 IN " + type + " " + rdata;
    }
}
