package dev.mailward.inventory;

import dev.mailward.accounts.HiddenCharacters;
import dev.mailward.dns.DomainName;
import dev.mailward.dns.InvalidDomainNameException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
    private static final Pattern SELECTOR =
            Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

    private DomainRules() {}

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

    /**
     * Clean tags: lower case, sorted, without duplicates. The count is checked before anything
     * else and the work is linear, so that a request with a huge list is refused at once.
     */
    static List<String> tags(List<String> raw) {
        if (raw.size() > MAX_TAGS) {
            throw tooManyTags(raw.size());
        }
        TreeSet<String> out = new TreeSet<>();
        for (String t : raw) {
            String tag = t.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            HiddenCharacters.first(tag).ifPresent(c -> {
                throw new InventoryValidationException(
                        "tags",
                        "inventory.tags.hidden",
                        "tag '" + abbreviate(t.strip()) + "' contains the invisible or direction-changing character "
                                + c,
                        abbreviate(t.strip()),
                        c);
            });
            if (!TAG.matcher(tag).matches()) {
                throw new InventoryValidationException(
                        "tags",
                        "inventory.tags.invalid",
                        "tag '" + abbreviate(t) + "' must be 1 to 40 of a-z, 0-9, '.', '_', '-' starting with a letter"
                                + " or digit",
                        abbreviate(t));
            }
            out.add(tag);
        }
        return List.copyOf(out);
    }

    /** Clean DKIM selectors in the order given, without duplicates; the count is checked first. */
    static List<String> selectors(List<String> raw) {
        if (raw.size() > MAX_SELECTORS) {
            throw tooManySelectors(raw.size());
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            String sel = s.strip().toLowerCase(Locale.ROOT);
            if (sel.isEmpty() || out.contains(sel)) {
                continue;
            }
            if (sel.length() > 200 || !SELECTOR.matcher(sel).matches()) {
                throw new InventoryValidationException(
                        "dkimSelectors",
                        "inventory.selectors.invalid",
                        "DKIM selector '" + abbreviate(s) + "' is not a valid selector (labels of letters, digits,"
                                + " '-' and '_', separated by dots)",
                        abbreviate(s));
            }
            out.add(sel);
        }
        return List.copyOf(out);
    }

    private static InventoryValidationException tooManyTags(int count) {
        return new InventoryValidationException(
                "tags",
                "inventory.tags.tooMany",
                count + " tags given; at most " + MAX_TAGS + " are accepted",
                count,
                MAX_TAGS);
    }

    private static InventoryValidationException tooManySelectors(int count) {
        return new InventoryValidationException(
                "dkimSelectors",
                "inventory.selectors.tooMany",
                count + " DKIM selectors given; at most " + MAX_SELECTORS + " are accepted",
                count,
                MAX_SELECTORS);
    }

    static int interval(int minutes) {
        if (minutes < MIN_INTERVAL || minutes > MAX_INTERVAL) {
            throw new InventoryValidationException(
                    "checkIntervalMinutes",
                    "inventory.interval.range",
                    "check interval " + minutes + " minutes is outside " + MIN_INTERVAL + ".." + MAX_INTERVAL,
                    minutes,
                    MIN_INTERVAL,
                    MAX_INTERVAL);
        }
        return minutes;
    }

    static String notes(String notes) {
        String n = notes == null ? "" : notes.strip();
        if (n.length() > MAX_NOTES) {
            throw new InventoryValidationException(
                    "notes",
                    "inventory.notes.tooLong",
                    "notes are " + n.length() + " characters; at most " + MAX_NOTES,
                    n.length(),
                    MAX_NOTES);
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
