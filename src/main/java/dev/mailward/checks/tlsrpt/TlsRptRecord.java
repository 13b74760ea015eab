package dev.mailward.checks.tlsrpt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The TXT record at {@code _smtp._tls.<domain>} (RFC 8460 §3), parsed by its ABNF:
 * {@code v=TLSRPTv1} first, {@code rua=} with one or more URIs separated by {@code *WSP "," *WSP},
 * extensions {@code name=value}, fields separated by {@code *WSP ";" *WSP}.
 *
 * @param rua every report URI (of every {@code rua=} field), in order
 * @param ruaFields how many {@code rua=} fields the record has
 * @param extensions extension fields, as [name, value]
 */
record TlsRptRecord(List<String> rua, int ruaFields, List<Map.Entry<String, String>> extensions) {

    sealed interface Parsed permits Valid, Invalid {}

    record Valid(TlsRptRecord record) implements Parsed {}

    record Invalid(String reason) implements Parsed {}

    /** More URIs than this in one record are refused (bounded work on hostile data). */
    static final int MAX_URIS = 32;

    private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3a\\x3c\\x3e-\\x7e]+");
    /** RFC 3986 URI characters (reserved + unreserved + "%"), minus "," and "!" which RFC 8460 §3 wants encoded. */
    private static final Pattern URI_CHARS = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@$&'()*+;=%]+");

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.+");
    /** Spaces and tabs around a field ({@code *WSP}), trimmed. */
    private static final Pattern OUTER_WSP = Pattern.compile("^[ \t]+|[ \t]+$");

    private static final Pattern URI_SEPARATOR = Pattern.compile("[ \t]*,[ \t]*");
    private static final Pattern PERCENT_ENCODED = Pattern.compile("([^%]|%[0-9A-Fa-f]{2})*");

    static Parsed parse(String text) {
        String[] fields = text.split(";", -1);
        for (int i = 0; i < fields.length; i++) {
            fields[i] = OUTER_WSP.matcher(fields[i]).replaceAll("");
        }
        if (!fields[0].equals("v=TLSRPTv1")) {
            return new Invalid("record does not start with v=TLSRPTv1: '" + clip(text) + "'");
        }
        List<String> rua = new ArrayList<>();
        int ruaFields = 0;
        List<Map.Entry<String, String>> ext = new ArrayList<>();
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i];
            if (f.isEmpty()) {
                if (i == fields.length - 1) {
                    break; // one trailing ";" allowed
                }
                return new Invalid("empty field (\";;\") in '" + clip(text) + "'");
            }
            int eq = f.indexOf('=');
            if (eq < 0) {
                return new Invalid("field '" + clip(f) + "' has no '='");
            }
            String name = f.substring(0, eq);
            String value = f.substring(eq + 1);
            if (name.equals("rua")) {
                ruaFields++;
                for (String u : URI_SEPARATOR.split(value, -1)) {
                    String err = checkUri(u);
                    if (err != null) {
                        return new Invalid(err);
                    }
                    if (rua.size() >= MAX_URIS) {
                        return new Invalid("more than " + MAX_URIS + " rua URIs");
                    }
                    rua.add(u);
                }
            } else {
                if (!EXT_NAME.matcher(name).matches()) {
                    return new Invalid("invalid extension name '" + clip(name) + "' (RFC 8460 §3)");
                }
                if (!EXT_VALUE.matcher(value).matches()) {
                    return new Invalid("invalid value '" + clip(value) + "' of extension " + name + " (RFC 8460 §3)");
                }
                ext.add(Map.entry(name, value));
            }
        }
        if (ruaFields == 0) {
            return new Invalid("rua= is missing (RFC 8460 §3)");
        }
        return new Valid(new TlsRptRecord(List.copyOf(rua), ruaFields, List.copyOf(ext)));
    }

    /** Null when {@code u} is a usable report URI (mailto: or https:), else the reason. */
    static String checkUri(String u) {
        if (u.isEmpty()) {
            return "empty rua URI";
        }
        if (!URI_CHARS.matcher(u).matches()) {
            return "rua URI '" + clip(u)
                    + "' holds characters not allowed in a URI (RFC 3986; ',' and '!' must be %-encoded)";
        }
        if (!PERCENT_ENCODED.matcher(u).matches()) {
            return "rua URI '" + clip(u) + "' has a malformed %-escape";
        }
        var m = SCHEME.matcher(u);
        if (!m.matches()) {
            return "rua URI '" + clip(u) + "' has no scheme (mailto: or https:)";
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "mailto" -> {
                // RFC 8460 §3: mailto: URIs (RFC 6068) name the report recipient.
                String addr = u.substring(7);
                int q = addr.indexOf('?');
                if (q >= 0) {
                    addr = addr.substring(0, q);
                }
                int at = addr.lastIndexOf('@');
                if (at <= 0 || at == addr.length() - 1) {
                    return "rua URI '" + clip(u) + "' is not mailto:local@domain";
                }
            }
            case "https" -> {
                try {
                    URI parsed = new URI(u);
                    if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
                        return "rua URI '" + clip(u) + "' has no host";
                    }
                } catch (URISyntaxException e) {
                    return "rua URI '" + clip(u) + "' does not parse: " + e.getReason();
                }
            }
            default -> {
                return "rua URI '" + clip(u) + "' uses scheme " + scheme + "; RFC 8460 §3 allows mailto and https only";
            }
        }
        return null;
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
