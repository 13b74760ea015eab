package dev.mailward.checks.dane;

import java.util.HexFormat;
import java.util.Optional;
import org.xbill.DNS.TLSARecord;

/**
 * One TLSA record's fields (RFC 6698 §2.1): certificate usage, selector, matching type and the
 * certificate association data.
 */
record Tlsa(int usage, int selector, int matchingType, byte[] data) {

    /** Usage 2, DANE-TA: the record names a trust anchor in (or for) the chain (RFC 7671 §5.2). */
    static final int DANE_TA = 2;
    /** Usage 3, DANE-EE: the record names the server's own certificate or key (RFC 7671 §5.1). */
    static final int DANE_EE = 3;

    Tlsa {
        data = data.clone();
    }

    static Tlsa of(TLSARecord r) {
        return new Tlsa(
                r.getCertificateUsage(), r.getSelector(), r.getMatchingType(), r.getCertificateAssociationData());
    }

    /** Parses {@code "3 1 1 ABCD..."} (hex case-insensitive, spaces inside the hex allowed). */
    static Tlsa parse(String text) {
        String[] p = text.strip().split("\\s+", 4);
        if (p.length != 4) {
            throw new IllegalArgumentException("TLSA '" + text + "' needs usage, selector, matching type and data");
        }
        return new Tlsa(
                Integer.parseInt(p[0]),
                Integer.parseInt(p[1]),
                Integer.parseInt(p[2]),
                HexFormat.of().parseHex(p[3].replaceAll("\\s", "").toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * Why a sender cannot use this record for SMTP, or empty when it can. RFC 7672 §3.1.3: usages
     * 0 and 1 are unusable for SMTP; RFC 6698 §2.1 / RFC 7671 §4: unknown usage, selector or
     * matching type, and a digest of the wrong length, make a record unusable.
     */
    Optional<String> unusableReason() {
        if (usage == 0 || usage == 1) {
            return Optional.of("usage " + usage + (usage == 0 ? " (PKIX-TA)" : " (PKIX-EE)")
                    + " is unusable for SMTP (RFC 7672 §3.1.3)");
        }
        if (usage != DANE_TA && usage != DANE_EE) {
            return Optional.of("unknown certificate usage " + usage);
        }
        if (selector != 0 && selector != 1) {
            return Optional.of("unknown selector " + selector);
        }
        return switch (matchingType) {
            case 0 -> data.length == 0 ? Optional.of("empty full-data association") : Optional.empty();
            case 1 ->
                data.length == 32
                        ? Optional.empty()
                        : Optional.of("SHA-256 association of " + data.length + " octets (expected 32)");
            case 2 ->
                data.length == 64
                        ? Optional.empty()
                        : Optional.of("SHA-512 association of " + data.length + " octets (expected 64)");
            default -> Optional.of("unknown matching type " + matchingType);
        };
    }

    boolean isPkixUsage() {
        return usage == 0 || usage == 1;
    }

    /** Presentation form, e.g. {@code 3 1 1 0a1b...}, data in lower-case hex. */
    String presentation() {
        return usage + " " + selector + " " + matchingType + " "
                + HexFormat.of().formatHex(data);
    }

    /** Short form for messages: long data shortened to its first 16 hex digits. */
    String shortText() {
        String hex = HexFormat.of().formatHex(data);
        return usage + " " + selector + " " + matchingType + " "
                + (hex.length() > 24 ? hex.substring(0, 16) + "…" : hex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlsa t
                && t.usage == usage
                && t.selector == selector
                && t.matchingType == matchingType
                && java.util.Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(usage, selector, matchingType, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return shortText();
    }
}
