package dev.mailward.mitigations;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Validation of report destinations (DMARC rua/ruf, TLS-RPT rua). */
final class EmailAddresses {

    private EmailAddresses() {}

    /**
     * A report URI: {@code mailto:addr} or {@code https://...}; a bare address becomes {@code mailto:}.
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    static String reportUri(String what, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String v = raw.trim();
        if (v.length() > 512) {
            throw new IllegalArgumentException(what + " is longer than 512 characters");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            try {
                URI uri = new URI(v);
                if (uri.getHost() == null || v.contains(",") || v.contains(";") || v.contains(" ")) {
                    throw new IllegalArgumentException(what + " '" + raw + "' is not a usable https URI");
                }
                DnsText.name(what + " host", uri.getHost());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(what + " '" + raw + "' is not a valid URI: " + e.getReason());
            }
            return v;
        }
        String address = lower.startsWith("mailto:") ? v.substring(7) : v;
        mailbox(what, raw, address);
        return "mailto:" + address;
    }

    static void mailbox(String what, String raw, String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException(what + " '" + raw + "' is neither mailto:<address> nor https://...");
        }
        String local = address.substring(0, at);
        // ',' and ';' separate URIs and tags; '!' introduces a DMARC size limit
        if (local.length() > 64
                || !local.matches("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+")
                || local.contains("!")
                || local.startsWith(".")
                || local.endsWith(".")
                || local.contains("..")) {
            throw new IllegalArgumentException(what + " '" + raw + "' has an invalid local part '" + local + "'");
        }
        DnsText.name(what + " domain", address.substring(at + 1));
    }

    /** The domain a report URI delivers to (mail domain or https host). */
    static String destinationDomain(String uri) {
        if (uri.startsWith("mailto:")) {
            return uri.substring(uri.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        }
        return URI.create(uri).getHost().toLowerCase(Locale.ROOT);
    }
}
