package dev.mailward.checks.dkim;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A parsed DKIM key record (RFC 6376 §3.6.1), the TXT data at {@code <selector>._domainkey.<domain>}.
 *
 * @param tags every tag as published (name to value, whitespace-trimmed)
 * @param keyType {@code rsa} or {@code ed25519}
 * @param hashes the recognised {@code h=} algorithms; empty means "all" (tag absent)
 * @param forEmail whether {@code s=} allows e-mail ({@code *} or {@code email}, or tag absent)
 * @param services the {@code s=} values as published
 * @param flags the {@code t=} flags as published (lower case)
 * @param revoked {@code p=} is empty
 * @param encoding how the key is encoded: {@code spki}, {@code pkcs1} (bare RSAPublicKey) or {@code raw}
 * @param rsaBits the RSA modulus length, when an RSA key is present
 */
record DkimKeyRecord(
        Map<String, String> tags,
        String keyType,
        List<String> hashes,
        boolean forEmail,
        List<String> services,
        List<String> flags,
        boolean revoked,
        Optional<String> encoding,
        OptionalInt rsaBits) {

    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern FWS = Pattern.compile("[ \t\r\n]");

    /** Outcome of parsing one TXT string. */
    sealed interface Parsed permits Valid, Invalid {}

    record Valid(DkimKeyRecord record) implements Parsed {}

    /** The record must be ignored by verifiers; {@code reason} names the offending value. */
    record Invalid(String reason) implements Parsed {}

    /** Decoded keys larger than this are refused: a 16384-bit RSA SubjectPublicKeyInfo is ~2.1 KiB. */
    static final int MAX_KEY_BYTES = 4096;

    boolean testing() {
        return flags.contains("y");
    }

    /** Only SHA-1 allowed by {@code h=}: every signature must use rsa-sha1, which RFC 8301 §3.1 forbids. */
    boolean sha1Only() {
        return !hashes.isEmpty() && hashes.stream().allMatch("sha1"::equals);
    }

    static Parsed parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        String firstTag = null;
        // RFC 6376 §3.2 tag-list. Empty segments (";;", a trailing "; ") are tolerated as verifiers do.
        for (String segment : text.split(";", -1)) {
            String spec = stripFws(segment);
            if (spec.isEmpty()) {
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                return new Invalid("tag '" + clip(spec) + "' has no '=' (RFC 6376 §3.2)");
            }
            String name = stripFws(spec.substring(0, eq));
            String value = stripFws(spec.substring(eq + 1));
            if (!TAG_NAME.matcher(name).matches()) {
                return new Invalid("invalid tag name '" + clip(name) + "' (RFC 6376 §3.2)");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean valchar = c >= 0x21 && c <= 0x7e && c != ';';
                if (!valchar && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    return new Invalid("tag " + name + "= holds character U+" + String.format("%04X", (int) c)
                            + " outside the allowed set (RFC 6376 §3.2)");
                }
            }
            if (tags.containsKey(name)) {
                // RFC 6376 §3.2: a duplicated tag name makes the entire tag-list invalid.
                return new Invalid("tag " + name + "= occurs twice (RFC 6376 §3.2)");
            }
            if (firstTag == null) {
                firstTag = name;
            }
            tags.put(name, value);
        }
        // RFC 6376 §3.6.1 v=: optional, but if present it must be first and exactly "DKIM1".
        if (tags.containsKey("v")) {
            if (!"v".equals(firstTag)) {
                return new Invalid("v= is not the first tag (RFC 6376 §3.6.1)");
            }
            if (!"DKIM1".equals(tags.get("v"))) {
                return new Invalid("v=" + clip(tags.get("v")) + " is not DKIM1 (RFC 6376 §3.6.1)");
            }
        }
        String keyType = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        if (!keyType.equals("rsa") && !keyType.equals("ed25519")) {
            // RFC 6376 §3.6.1: unrecognised key types must be ignored, i.e. the key is unusable.
            return new Invalid("k=" + clip(tags.get("k")) + " is not a known key type (rsa, ed25519)");
        }
        List<String> hashes = new ArrayList<>();
        if (tags.containsKey("h")) {
            List<String> published = colonList(tags.get("h"));
            for (String h : published) {
                // RFC 6376 §3.6.1: unrecognised hash algorithms are ignored.
                if (h.equals("sha1") || h.equals("sha256")) {
                    hashes.add(h);
                }
            }
            if (hashes.isEmpty()) {
                return new Invalid("h=" + clip(tags.get("h")) + " names no known hash algorithm (sha1, sha256)");
            }
        }
        List<String> services = tags.containsKey("s") ? colonList(tags.get("s")) : List.of("*");
        boolean forEmail = services.contains("*") || services.contains("email");
        List<String> flags = tags.containsKey("t") ? colonList(tags.get("t")) : List.of();
        if (!tags.containsKey("p")) {
            return new Invalid("p= tag is missing (RFC 6376 §3.6.1 requires it)");
        }
        String p = FWS.matcher(tags.get("p")).replaceAll("");
        if (p.isEmpty()) {
            return new Valid(new DkimKeyRecord(
                    tags, keyType, hashes, forEmail, services, flags, true, Optional.empty(), OptionalInt.empty()));
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            return new Invalid("p= is not valid base64: " + e.getMessage());
        }
        if (der.length > MAX_KEY_BYTES) {
            return new Invalid("p= decodes to " + der.length + " bytes (limit " + MAX_KEY_BYTES + ")");
        }
        if (keyType.equals("ed25519")) {
            // RFC 8463 §4.2: p= is the raw 32-byte Ed25519 public key, not a SubjectPublicKeyInfo.
            if (der.length != 32) {
                return new Invalid(
                        "Ed25519 p= is " + der.length + " bytes, RFC 8463 §4.2 requires the raw 32-byte key");
            }
            return new Valid(new DkimKeyRecord(
                    tags, keyType, hashes, forEmail, services, flags, false, Optional.of("raw"), OptionalInt.empty()));
        }
        Optional<Integer> spki = rsaBitsFromSpki(der);
        if (spki.isPresent()) {
            return new Valid(new DkimKeyRecord(
                    tags,
                    keyType,
                    hashes,
                    forEmail,
                    services,
                    flags,
                    false,
                    Optional.of("spki"),
                    OptionalInt.of(spki.get())));
        }
        // Some publish the bare PKCS#1 RSAPublicKey instead of the SubjectPublicKeyInfo; verifiers accept it.
        Optional<Integer> pkcs1 = rsaBitsFromPkcs1(der);
        if (pkcs1.isPresent()) {
            return new Valid(new DkimKeyRecord(
                    tags,
                    keyType,
                    hashes,
                    forEmail,
                    services,
                    flags,
                    false,
                    Optional.of("pkcs1"),
                    OptionalInt.of(pkcs1.get())));
        }
        return new Invalid("p= (" + der.length + " bytes) is neither an RSA SubjectPublicKeyInfo nor an RSAPublicKey");
    }

    private static Optional<Integer> rsaBitsFromSpki(byte[] der) {
        try {
            var key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            if (key instanceof RSAPublicKey rsa) {
                return Optional.of(rsa.getModulus().bitLength());
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> rsaBitsFromPkcs1(byte[] der) {
        try {
            var asn1 = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der);
            var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(asn1);
            BigInteger modulus = rsa.getModulus();
            if (modulus.signum() <= 0 || rsa.getPublicExponent().signum() <= 0) {
                return Optional.empty();
            }
            return Optional.of(modulus.bitLength());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static List<String> colonList(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(":", -1)) {
            String t = stripFws(s).toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static String stripFws(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isFws(s.charAt(b))) {
            b++;
        }
        while (e > b && isFws(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Shortens values quoted in messages; the full record stays in the evidence. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
