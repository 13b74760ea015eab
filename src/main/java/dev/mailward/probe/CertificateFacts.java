package dev.mailward.probe;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * The facts about one certificate that the checks judge and the evidence shows: names, validity,
 * key type and size, signature hash, SHA-256 fingerprints and the PEM text.
 *
 * @param subject subject DN
 * @param issuer issuer DN
 * @param serial serial number, hex
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param keyAlgorithm {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448}, ...
 * @param keyBits RSA modulus size or EC field size in bits (255 for Ed25519)
 * @param curve named curve, e.g. {@code secp256r1}, when known
 * @param signatureAlgorithm e.g. {@code SHA256withRSA}
 * @param signatureHash {@code SHA-256}, {@code SHA-1}, {@code MD5}, ... or the algorithm name
 * @param dnsNames subjectAltName dNSName entries, lower case
 * @param commonName the subject CN, when present
 * @param sha256 SHA-256 of the DER certificate, hex
 * @param spkiSha256 SHA-256 of the SubjectPublicKeyInfo, hex (what {@code 3 1 1} TLSA records hold)
 * @param pem the certificate as PEM
 */
public record CertificateFacts(
        String subject,
        String issuer,
        String serial,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keyBits,
        Optional<String> curve,
        String signatureAlgorithm,
        String signatureHash,
        List<String> dnsNames,
        Optional<String> commonName,
        String sha256,
        String spkiSha256,
        String pem) {

    public CertificateFacts {
        dnsNames = List.copyOf(dnsNames);
    }

    public static CertificateFacts of(X509Certificate c) {
        PublicKey key = c.getPublicKey();
        String alg = key.getAlgorithm();
        int bits = 0;
        Optional<String> curve = Optional.empty();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        if (key instanceof RSAPublicKey rsa) {
            bits = rsa.getModulus().bitLength();
        } else if (key instanceof ECPublicKey ec) {
            bits = ec.getParams().getCurve().getField().getFieldSize();
            if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid) {
                String sec = org.bouncycastle.asn1.sec.SECNamedCurves.getName(oid);
                curve = Optional.ofNullable(sec != null ? sec : ECNamedCurveTable.getName(oid));
            }
        } else if (alg.equals("Ed25519") || alg.equals("EdDSA") && key.getEncoded().length == 44) {
            alg = "Ed25519";
            bits = 255;
        } else if (alg.equals("Ed448")) {
            bits = 448;
        }
        List<String> names = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String s) {
                        names.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable SAN extension leaves the name list empty; the name check reports it
        }
        byte[] der;
        try {
            der = c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END CERTIFICATE-----\n";
        return new CertificateFacts(
                c.getSubjectX500Principal().getName(),
                c.getIssuerX500Principal().getName(),
                c.getSerialNumber().toString(16),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                alg,
                bits,
                curve,
                c.getSigAlgName(),
                signatureHash(c.getSigAlgName()),
                names,
                commonName(c.getSubjectX500Principal().getName()),
                sha256(der),
                sha256(key.getEncoded()),
                pem);
    }

    static String signatureHash(String sigAlg) {
        String s = sigAlg.toUpperCase(Locale.ROOT);
        if (s.startsWith("MD5") || s.startsWith("MD2")) {
            return s.substring(0, 3);
        }
        for (String h : new String[] {"SHA512", "SHA384", "SHA256", "SHA224", "SHA1"}) {
            if (s.startsWith(h)) {
                return "SHA-" + h.substring(3);
            }
        }
        return sigAlg;
    }

    private static Optional<String> commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether this certificate names {@code host}: subjectAltName dNSNames, the CN only when there
     * are none; a wildcard stands for exactly one whole left-most label (RFC 6125 §6.4.3).
     */
    public boolean matchesHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        List<String> candidates = dnsNames.isEmpty() ? commonName.stream().toList() : dnsNames;
        for (String n : candidates) {
            if (n.equals(h)) {
                return true;
            }
            if (n.startsWith("*.") && n.length() > 2) {
                int dot = h.indexOf('.');
                if (dot > 0
                        && h.substring(dot + 1).equals(n.substring(2))
                        && n.substring(2).contains(".")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Remaining validity at {@code now} (negative when expired). */
    public java.time.Duration remaining(Instant now) {
        return java.time.Duration.between(now, notAfter);
    }

    /** The issued lifetime, notBefore to notAfter. */
    public java.time.Duration lifetime() {
        return java.time.Duration.between(notBefore, notAfter);
    }

    /** The facts as evidence (JSON-friendly map). */
    public Map<String, Object> toEvidence() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("issuer", issuer);
        m.put("serial", serial);
        m.put("notBefore", notBefore.toString());
        m.put("notAfter", notAfter.toString());
        m.put("key", keyAlgorithm + " " + keyBits + curve.map(c -> " " + c).orElse(""));
        m.put("signatureAlgorithm", signatureAlgorithm);
        m.put("dnsNames", dnsNames);
        m.put("sha256", sha256);
        m.put("spkiSha256", spkiSha256);
        m.put("pem", pem);
        return m;
    }

    /**
     * Whether {@code c} is self-signed: issued to itself and signed by its own key (a self-issued
     * certificate signed by another key, as in a CA's key rollover, is not).
     */
    public static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Why {@code chain} (end-entity first), which does not validate against {@code trust}, fails:
     * the server's own certificate is self-signed; the certificates the server sent lead to a root
     * the bundle does not hold, or to an issuer neither sent nor trusted (an incomplete chain when
     * the last certificate names where its issuer can be fetched, RFC 5280 §4.2.2.1, else an unknown
     * private CA); or a path to a trusted CA exists and fails for another reason.
     */
    public static ChainCause chainCause(List<X509Certificate> chain, X509TrustManager trust) {
        if (chain.isEmpty() || selfSigned(chain.getFirst())) {
            return ChainCause.SELF_SIGNED;
        }
        X509Certificate top = top(chain);
        for (X509Certificate anchor : trust.getAcceptedIssuers()) {
            if (anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal()) || anchor.equals(top)) {
                return ChainCause.OTHER;
            }
        }
        if (selfSigned(top)) {
            return ChainCause.UNKNOWN_CA;
        }
        return caIssuersUrl(top) ? ChainCause.INCOMPLETE_CHAIN : ChainCause.UNKNOWN_CA;
    }

    /**
     * The last certificate reached from the end-entity by following issuers among those sent
     * (servers may send them out of order or with extras); stops at a self-signed one.
     */
    private static X509Certificate top(List<X509Certificate> chain) {
        X509Certificate at = chain.getFirst();
        for (int hops = 0; hops < chain.size() && !selfSigned(at); hops++) {
            X509Certificate current = at;
            Optional<X509Certificate> issuer = chain.stream()
                    .filter(c -> c != current && c.getSubjectX500Principal().equals(current.getIssuerX500Principal()))
                    .findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            at = issuer.get();
        }
        return at;
    }

    /** Whether {@code c}'s Authority Information Access names a CA Issuers location (RFC 5280 §4.2.2.1). */
    private static boolean caIssuersUrl(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) {
            return false;
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * Validates {@code chain} (end-entity first) against {@code trust}; empty when it chains to a
     * trusted CA, else the reason.
     */
    public static Optional<String> chainProblem(List<X509Certificate> chain, X509TrustManager trust) {
        if (chain.isEmpty()) {
            return Optional.of("the server presented no certificate");
        }
        try {
            // "UNKNOWN" as the JDK uses for TLS 1.3: no key-exchange-specific key usage checks
            trust.checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
            return Optional.empty();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return Optional.of(String.valueOf(root.getMessage() != null ? root.getMessage() : e.getMessage()));
        }
    }
}
