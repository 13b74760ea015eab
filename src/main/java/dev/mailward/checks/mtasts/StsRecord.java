package dev.mailward.checks.mtasts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The TXT record at {@code _mta-sts.<domain>} (RFC 8461 §3.1), parsed strictly by its ABNF:
 * {@code v=STSv1} first, exactly one {@code id=} of 1–32 alphanumerics, extensions
 * {@code name=value}, fields separated by {@code *WSP ";" *WSP}, one trailing {@code ;} allowed.
 *
 * @param id the policy id
 * @param extensions extension fields in order, as [name, value]
 */
record StsRecord(String id, List<Map.Entry<String, String>> extensions) {

    /** Outcome of parsing: the record, or the reason it is invalid (naming the offending value). */
    sealed interface Parsed permits Valid, Invalid {}

    record Valid(StsRecord record) implements Parsed {}

    record Invalid(String reason) implements Parsed {}

    static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** Spaces and tabs around a field ({@code *WSP}), trimmed. */
    private static final Pattern OUTER_WSP = Pattern.compile("^[ \t]+|[ \t]+$");
    /** RFC 8461 §3.1 sts-ext-name. */
    static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    /** RFC 8461 §3.1 sts-ext-value: printable ASCII except "=" and ";". */
    static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3a\\x3c\\x3e-\\x7e]+");

    static Parsed parse(String text) {
        List<String> fields = splitFields(text);
        if (fields.isEmpty() || !fields.getFirst().equals("v=STSv1")) {
            return new Invalid("record does not start with v=STSv1: '" + clip(text) + "'");
        }
        Optional<String> id = Optional.empty();
        List<Map.Entry<String, String>> ext = new ArrayList<>();
        for (int i = 1; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.isEmpty()) {
                if (i == fields.size() - 1) {
                    break; // one trailing ";" is allowed
                }
                return new Invalid("empty field (\";;\") in '" + clip(text) + "'");
            }
            int eq = f.indexOf('=');
            if (eq < 0) {
                return new Invalid("field '" + clip(f) + "' has no '='");
            }
            String name = f.substring(0, eq);
            String value = f.substring(eq + 1);
            if (name.equals("id")) {
                if (id.isPresent()) {
                    return new Invalid("id= given twice");
                }
                if (!ID.matcher(value).matches()) {
                    return new Invalid("id='" + clip(value) + "' is not 1-32 letters and digits (RFC 8461 §3.1)");
                }
                id = Optional.of(value);
            } else {
                if (!EXT_NAME.matcher(name).matches()) {
                    return new Invalid("invalid extension name '" + clip(name) + "' (RFC 8461 §3.1)");
                }
                if (!EXT_VALUE.matcher(value).matches()) {
                    return new Invalid("invalid value '" + clip(value) + "' of extension " + name + " (RFC 8461 §3.1)");
                }
                ext.add(Map.entry(name, value));
            }
        }
        if (id.isEmpty()) {
            return new Invalid("id= is missing (RFC 8461 §3.1)");
        }
        return new Valid(new StsRecord(id.get(), List.copyOf(ext)));
    }

    /** Splits on ";" and strips the WSP (space, tab) that the separators allow around it. */
    static List<String> splitFields(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(";", -1)) {
            out.add(OUTER_WSP.matcher(s).replaceAll(""));
        }
        return out;
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
