package dev.mailward.checks.dane;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The pure DANE matching of RFC 7671/7672 for SMTP: TLSA records against the certificate chain
 * a server presented (DER, end-entity first). Works on Bouncy Castle's ASN.1 structures so that
 * certificates the JDK refuses to parse (e.g. an empty issuer DN, which DANE-EE must still match)
 * are handled too. Stateless; every loop is bounded by the chain and record counts.
 */
final class DaneMatcher {

    /** Longest chain examined; the prober keeps at most 10 certificates anyway. */
    static final int MAX_CHAIN = 10;

    enum Outcome {
        MATCH,
        NO_MATCH,
        NO_USABLE_RECORDS
    }

    /**
     * The verdict.
     *
     * @param outcome match, no match, or no record usable for SMTP
     * @param depth chain position of the matched certificate (0 = end-entity); for a trust anchor
     *     given in full in DNS and not sent by the server, the position it takes above the chain;
     *     -1 without a match
     * @param record the matching record
     * @param fromDns whether the trust anchor came from the record itself (RFC 7671 §5.2.2)
     */
    record Verdict(Outcome outcome, int depth, Optional<Tlsa> record, boolean fromDns) {
        static Verdict none(Outcome o) {
            return new Verdict(o, -1, Optional.empty(), false);
        }
    }

    private DaneMatcher() {}

    /** The records a sender uses for SMTP (usage 2/3, known selector and matching type, right length). */
    static List<Tlsa> usable(List<Tlsa> records) {
        return records.stream().filter(t -> t.unusableReason().isEmpty()).toList();
    }

    /**
     * Verifies {@code chain} against the SMTP-usable {@code records}: DANE-EE(3) against the
     * end-entity certificate only, ignoring names and validity dates (RFC 7671 §5.1, RFC 7672
     * §3.1.1); then DANE-TA(2) at the lowest depth first, with the chain below it correctly
     * signed (RFC 7671 §5.2); then DANE-TA(2) keys or certificates published in full (matching
     * type 0) that sign the top of the chain but were not sent (RFC 7671 §5.2.2).
     */
    static Verdict verify(List<Tlsa> records, List<byte[]> chainDer) {
        List<Tlsa> usable = usable(records);
        if (usable.isEmpty()) {
            return Verdict.none(Outcome.NO_USABLE_RECORDS);
        }
        List<byte[]> chain = chainDer.subList(0, Math.min(chainDer.size(), MAX_CHAIN));
        if (chain.isEmpty()) {
            return Verdict.none(Outcome.NO_MATCH);
        }
        for (Tlsa t : usable) {
            if (t.usage() == Tlsa.DANE_EE && matches(t, chain.getFirst())) {
                return new Verdict(Outcome.MATCH, 0, Optional.of(t), false);
            }
        }
        for (int d = 1; d < chain.size(); d++) {
            for (Tlsa t : usable) {
                if (t.usage() == Tlsa.DANE_TA && matches(t, chain.get(d)) && signedUpTo(chain, d)) {
                    return new Verdict(Outcome.MATCH, d, Optional.of(t), false);
                }
            }
        }
        for (Tlsa t : usable) {
            if (t.usage() != Tlsa.DANE_TA || t.matchingType() != 0) {
                continue;
            }
            Optional<SubjectPublicKeyInfo> key = anchorKey(t);
            if (key.isEmpty()) {
                continue;
            }
            for (int d = 0; d < chain.size(); d++) {
                if (signedBy(chain.get(d), key.get()) && signedUpTo(chain, d)) {
                    return new Verdict(Outcome.MATCH, t.selector() == 0 ? d + 1 : d, Optional.of(t), true);
                }
            }
        }
        return Verdict.none(Outcome.NO_MATCH);
    }

    /** Whether {@code t}'s association data matches {@code certDer} (any usage). */
    static boolean matches(Tlsa t, byte[] certDer) {
        Optional<byte[]> a = association(certDer, t.selector(), t.matchingType());
        return a.isPresent() && MessageDigest.isEqual(a.get(), t.data());
    }

    /**
     * The association data of a certificate (RFC 6698 §2.1.2/§2.1.3): selector 0 = the whole
     * DER certificate, 1 = its SubjectPublicKeyInfo; matching type 0 = as is, 1 = SHA-256,
     * 2 = SHA-512. Empty for an unknown selector or matching type or an unparsable certificate.
     */
    static Optional<byte[]> association(byte[] certDer, int selector, int matchingType) {
        byte[] selected;
        try {
            selected = switch (selector) {
                case 0 -> certDer;
                case 1 ->
                    Certificate.getInstance(certDer).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
                default -> null;
            };
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (selected == null) {
            return Optional.empty();
        }
        return switch (matchingType) {
            case 0 -> Optional.of(selected);
            case 1 -> Optional.of(digest("SHA-256", selected));
            case 2 -> Optional.of(digest("SHA-512", selected));
            default -> Optional.empty();
        };
    }

    /**
     * Records to publish for {@code chain}: {@code 3 1 1} of the end-entity key and, when the
     * server sends its issuer, {@code 2 1 1} of the issuer's key, so that either the server key
     * or the CA can change without an outage (RFC 7671 §8.1, RFC 7672 §3.1).
     */
    static List<Tlsa> suggest(List<byte[]> chain) {
        List<Tlsa> out = new ArrayList<>();
        if (chain.isEmpty()) {
            return out;
        }
        association(chain.getFirst(), 1, 1).ifPresent(a -> out.add(new Tlsa(3, 1, 1, a)));
        if (chain.size() > 1) {
            association(chain.get(1), 1, 1).ifPresent(a -> out.add(new Tlsa(2, 1, 1, a)));
        }
        return out;
    }

    /**
     * Whether the end-entity certificate names {@code host}: subjectAltName dNSNames, else the
     * subject CN; a wildcard stands for one whole left-most label (RFC 6125 §6.4.3, RFC 7672 §3.2.3).
     */
    static boolean namesHost(byte[] certDer, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        for (String n : names(certDer)) {
            if (n.equals(h)) {
                return true;
            }
            int dot = h.indexOf('.');
            if (n.startsWith("*.")
                    && n.substring(2).contains(".")
                    && dot > 0
                    && h.substring(dot + 1).equals(n.substring(2))) {
                return true;
            }
        }
        return false;
    }

    static List<String> names(byte[] certDer) {
        List<String> out = new ArrayList<>();
        try {
            Certificate c = Certificate.getInstance(certDer);
            Extension san = c.getTBSCertificate().getExtensions() == null
                    ? null
                    : c.getTBSCertificate().getExtensions().getExtension(Extension.subjectAlternativeName);
            if (san != null) {
                for (GeneralName g :
                        GeneralNames.getInstance(san.getParsedValue()).getNames()) {
                    if (g.getTagNo() == GeneralName.dNSName && out.size() < 100) {
                        out.add(g.getName().toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (out.isEmpty()) {
                for (RDN rdn : c.getSubject().getRDNs(BCStyle.CN)) {
                    out.add(IETFUtils.valueToString(rdn.getFirst().getValue()).toLowerCase(Locale.ROOT));
                }
            }
        } catch (RuntimeException e) {
            // an unparsable certificate names nothing
        }
        return out;
    }

    /** Certificates 0..d-1 are each signed by the next one. */
    private static boolean signedUpTo(List<byte[]> chain, int d) {
        for (int i = 0; i < d; i++) {
            Optional<SubjectPublicKeyInfo> issuerKey = spki(chain.get(i + 1));
            if (issuerKey.isEmpty() || !signedBy(chain.get(i), issuerKey.get())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<SubjectPublicKeyInfo> anchorKey(Tlsa t) {
        try {
            return switch (t.selector()) {
                case 0 -> Optional.of(Certificate.getInstance(t.data()).getSubjectPublicKeyInfo());
                case 1 -> Optional.of(SubjectPublicKeyInfo.getInstance(t.data()));
                default -> Optional.empty();
            };
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<SubjectPublicKeyInfo> spki(byte[] certDer) {
        try {
            return Optional.of(Certificate.getInstance(certDer).getSubjectPublicKeyInfo());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean signedBy(byte[] certDer, SubjectPublicKeyInfo key) {
        try {
            X509CertificateHolder h = new X509CertificateHolder(certDer);
            return h.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (Exception e) {
            // unknown algorithm, malformed key or certificate: not signed as far as we can tell
            return false;
        }
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " missing from the JDK", e);
        }
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
