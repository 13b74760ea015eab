package dev.mailward.inventory;

import dev.mailward.dns.DomainName;
import dev.mailward.dns.InvalidDomainNameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Field rules of a domain, shared by the form, the API and bulk import. */
final class DomainRules {

    static final int MAX_TAGS = 20;
    static final int MAX_SELECTORS = 20;
    static final int MIN_INTERVAL = 5;
    static final int MAX_INTERVAL = 43_200;
    static final int MAX_NOTES = 4_000;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");
    // RFC 6376 §3.1: a selector is a sub-domain: labels of letters, digits and inner hyphens
    private static final Pattern SELECTOR = Pattern.compile(
            "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

    private DomainRules() {
    }

    /** Splits free input ("prod, eu;mail") into tags or selectors. */
    static List<String> split(String input) {
        if (input == null || input.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : input.split("[,;|\\s]+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static List<String> tags(List<String> raw) {
        TreeSet<String> out = new TreeSet<>();
        for (String t : raw) {
            String tag = t.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            if (!TAG.matcher(tag).matches()) {
                throw new InventoryValidationException("tags", "inventory.tags.invalid",
                        "tag '" + abbreviate(t) + "' must be 1 to 40 of a-z, 0-9, '.', '_', '-' starting with a letter"
                                + " or digit", abbreviate(t));
            }
            out.add(tag);
        }
        if (out.size() > MAX_TAGS) {
            throw new InventoryValidationException("tags", "inventory.tags.tooMany",
                    out.size() + " tags; at most " + MAX_TAGS, out.size(), MAX_TAGS);
        }
        return List.copyOf(out);
    }

    static List<String> selectors(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String s : raw) {
            String sel = s.strip().toLowerCase(Locale.ROOT);
            if (sel.isEmpty() || out.contains(sel)) {
                continue;
            }
            if (sel.length() > 200 || !SELECTOR.matcher(sel).matches()) {
                throw new InventoryValidationException("dkimSelectors", "inventory.selectors.invalid",
                        "DKIM selector '" + abbreviate(s) + "' is not a valid selector (labels of letters, digits,"
                                + " '-' and '_', separated by dots)", abbreviate(s));
            }
            out.add(sel);
        }
        if (out.size() > MAX_SELECTORS) {
            throw new InventoryValidationException("dkimSelectors", "inventory.selectors.tooMany",
                    out.size() + " DKIM selectors; at most " + MAX_SELECTORS, out.size(), MAX_SELECTORS);
        }
        return List.copyOf(out);
    }

    static int interval(int minutes) {
        if (minutes < MIN_INTERVAL || minutes > MAX_INTERVAL) {
            throw new InventoryValidationException("checkIntervalMinutes", "inventory.interval.range",
                    "check interval " + minutes + " minutes is outside " + MIN_INTERVAL + ".." + MAX_INTERVAL, minutes,
                    MIN_INTERVAL, MAX_INTERVAL);
        }
        return minutes;
    }

    static String notes(String notes) {
        String n = notes == null ? "" : notes.strip();
        if (n.length() > MAX_NOTES) {
            throw new InventoryValidationException("notes", "inventory.notes.tooLong",
                    "notes are " + n.length() + " characters; at most " + MAX_NOTES, n.length(), MAX_NOTES);
        }
        return n;
    }

    static DomainName name(String field, String input) {
        try {
            return DomainName.parse(input);
        } catch (InvalidDomainNameException e) {
            throw InventoryValidationException.of(field, e);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
