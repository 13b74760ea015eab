package dev.mailward.mitigations;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * TLSA records (RFC 6698 §2.1) computed from a certificate chain. For SMTP (RFC 7672 §3.1) only usages
 * 3 (DANE-EE) and 2 (DANE-TA) are useful; the recommended set (RFC 7671 §8) is {@code 3 1 1} for the
 * server key plus {@code 2 1 1} for the issuing CA so that either a key or a CA change keeps a match. Pure.
 */
public final class TlsaGenerator {

    private TlsaGenerator() {}

    /**
     * One TLSA record.
     *
     * @param owner {@code _<port>._tcp.<host>}
     * @param usage 2 DANE-TA or 3 DANE-EE
     * @param selector 0 full certificate, 1 SubjectPublicKeyInfo
     * @param matchingType 0 full, 1 SHA-256, 2 SHA-512
     * @param data the association data, lower-case hex
     * @param about which certificate it matches (subject)
     */
    public record TlsaRecord(String owner, int usage, int selector, int matchingType, String data, String about) {
        public String zoneLine() {
            return DnsText.zoneLine(owner, "TLSA", usage + " " + selector + " " + matchingType + " " + data);
        }
    }

    /**
     * The association data of {@code cert} for {@code selector} (0 certificate DER, 1 SubjectPublicKeyInfo DER)
     * and {@code matchingType} (0 the data itself, 1 SHA-256, 2 SHA-512), lower-case hex.
     */
    public static String association(X509Certificate cert, int selector, int matchingType) {
        Objects.requireNonNull(cert, "cert");
        byte[] data;
        try {
            data = switch (selector) {
                case 0 -> cert.getEncoded();
                case 1 -> cert.getPublicKey().getEncoded(); // X.509 SubjectPublicKeyInfo DER
                default -> throw new IllegalArgumentException("TLSA selector " + selector + " is not 0 or 1");
            };
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(
                    "certificate " + cert.getSubjectX500Principal() + " cannot be encoded", e);
        }
        byte[] out = switch (matchingType) {
            case 0 -> data;
            case 1 -> digest("SHA-256", data);
            case 2 -> digest("SHA-512", data);
            default -> throw new IllegalArgumentException("TLSA matching type " + matchingType + " is not 0, 1 or 2");
        };
        return HexFormat.of().formatHex(out);
    }

    /**
     * {@code 3 1 1} for the end-entity certificate and {@code 2 1 1} for every CA certificate the server
     * sends after it (duplicates removed), at {@code _<port>._tcp.<host>}.
     *
     * @param host the MX host name
     * @param port usually 25
     * @param chain the chain as the server sent it, end-entity first
     */
    public static List<TlsaRecord> forChain(String host, int port, List<X509Certificate> chain) {
        String name = DnsText.name("MX host", host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate for " + name + ":" + port);
        }
        if (chain.size() > 10) {
            throw new IllegalArgumentException(
                    "chain of " + chain.size() + " certificates for " + name + " is longer than 10");
        }
        String owner = "_" + port + "._tcp." + name;
        List<TlsaRecord> out = new ArrayList<>();
        X509Certificate leaf = chain.getFirst();
        out.add(new TlsaRecord(
                owner,
                3,
                1,
                1,
                association(leaf, 1, 1),
                leaf.getSubjectX500Principal().getName()));
        Set<String> seen = new LinkedHashSet<>();
        for (X509Certificate ca : chain.subList(1, chain.size())) {
            String data = association(ca, 1, 1);
            if (seen.add(data)) {
                out.add(new TlsaRecord(
                        owner, 2, 1, 1, data, ca.getSubjectX500Principal().getName()));
            }
        }
        return out;
    }

    /** The records of {@link #forChain} as a fix with the rollover advice. */
    public static GeneratedFix fix(String host, int port, List<X509Certificate> chain) {
        List<TlsaRecord> records = forChain(host, port, chain);
        StringBuilder explanation = new StringBuilder("3 1 1 matches the server's public key (")
                .append(records.getFirst().about())
                .append(") and survives renewals that reuse the key.");
        if (records.size() > 1) {
            explanation
                    .append(" 2 1 1 matches the issuing CA (")
                    .append(records.get(1).about())
                    .append(") and survives a key change while that CA issues. If your CA rotates between several"
                            + " intermediates (Let's Encrypt does), publish a 3 1 1 record for the next key instead.");
        } else {
            explanation.append(" The server sends no CA certificate: publish a second 3 1 1 record for the next key"
                    + " before rolling it (RFC 7671 §8).");
        }
        explanation.append(" The zone must be DNSSEC-signed, or senders ignore the records.");
        return new GeneratedFix(
                "TLSA records for " + records.getFirst().owner(),
                "dns",
                String.join("\n", records.stream().map(TlsaRecord::zoneLine).toList()),
                explanation.toString());
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
