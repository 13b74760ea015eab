package dev.mailward.probe.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made at test time: a test CA and leaf certificates with chosen flaws. */
public final class TestCerts {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A key and its chain (leaf first). */
    public record Issued(KeyPair keys, List<X509Certificate> chain) {
        public X509Certificate leaf() {
            return chain.getFirst();
        }

        /** The same certificate served without its intermediates (an incomplete chain). */
        public Issued leafOnly() {
            return new Issued(keys, List.of(leaf()));
        }

        public PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    private final KeyPair caKeys;
    private final X509Certificate ca;
    /** The certificates above {@link #ca} up to the root, for an intermediate CA; empty for a root. */
    private final List<X509Certificate> above;

    private TestCerts(KeyPair caKeys, X509Certificate ca, List<X509Certificate> above) {
        this.caKeys = caKeys;
        this.ca = ca;
        this.above = List.copyOf(above);
    }

    public static TestCerts newCa(String name) {
        KeyPair k = rsa(2048);
        Instant now = Instant.now();
        X509Certificate c = build(
                new X500Name("CN=" + name),
                k,
                new X500Name("CN=" + name),
                k,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)),
                List.of(),
                true,
                "SHA256withRSA",
                null);
        return new TestCerts(k, c, List.of());
    }

    /** An intermediate CA issued by this CA; its leaves' chains hold it and every CA above it. */
    public TestCerts intermediate(String name) {
        KeyPair k = rsa(2048);
        Instant now = Instant.now();
        X509Certificate c = build(
                new X500Name("CN=" + name),
                k,
                new X500Name("CN=" + cn()),
                caKeys,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1825)),
                List.of(),
                true,
                "SHA256withRSA",
                null);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(ca);
        chain.addAll(above);
        return new TestCerts(k, c, chain);
    }

    /**
     * A leaf for {@code name} whose Authority Information Access names where its issuer can be
     * fetched (as public CAs' certificates do), with the full chain; serve {@code leafOnly()} of it
     * to leave the intermediates out.
     */
    public Issued leafWithIssuerUrl(KeyPair keys, String name) {
        Instant now = Instant.now();
        X509Certificate c = build(
                new X500Name("CN=" + name),
                keys,
                new X500Name("CN=" + cn()),
                caKeys,
                now.minus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(80)),
                List.of(name),
                false,
                "SHA256withRSA",
                "http://ca.test/issuer.der");
        return new Issued(keys, chainOf(c));
    }

    private List<X509Certificate> chainOf(X509Certificate leaf) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.add(ca);
        chain.addAll(above);
        return chain;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** Writes the CA as a PEM bundle. */
    public Path writeBundle(Path dir) {
        try {
            Path p = dir.resolve("ca.pem");
            Files.writeString(p, pem(ca));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A leaf for {@code names}, valid from {@code notBefore} to {@code notAfter}. */
    public Issued leaf(KeyPair keys, List<String> names, Instant notBefore, Instant notAfter, String sigAlg) {
        X509Certificate c = build(
                new X500Name("CN=" + names.getFirst()),
                keys,
                new X500Name("CN=" + cn()),
                caKeys,
                notBefore,
                notAfter,
                names,
                false,
                sigAlg,
                null);
        return new Issued(keys, chainOf(c));
    }

    public Issued leaf(KeyPair keys, String name) {
        Instant now = Instant.now();
        return leaf(
                keys, List.of(name), now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)), "SHA256withRSA");
    }

    /** A self-signed leaf not issued by this CA. */
    public static Issued selfSigned(KeyPair keys, String name) {
        Instant now = Instant.now();
        String alg = keys.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        X509Certificate c = build(
                new X500Name("CN=" + name),
                keys,
                new X500Name("CN=" + name),
                keys,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)),
                List.of(name),
                false,
                alg,
                null);
        return new Issued(keys, List.of(c));
    }

    private String cn() {
        String dn = ca.getSubjectX500Principal().getName();
        return dn.substring(3);
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(
            X500Name subject,
            KeyPair subjectKeys,
            X500Name issuer,
            KeyPair issuerKeys,
            Instant notBefore,
            Instant notAfter,
            List<String> names,
            boolean ca,
            String sigAlg,
            String caIssuersUrl) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!names.isEmpty()) {
                List<GeneralName> gn = new ArrayList<>();
                names.forEach(n -> gn.add(new GeneralName(GeneralName.dNSName, n)));
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(gn.toArray(GeneralName[]::new)));
            }
            if (caIssuersUrl != null) {
                b.addExtension(
                        Extension.authorityInfoAccess,
                        false,
                        new AuthorityInformationAccess(new AccessDescription(
                                AccessDescription.id_ad_caIssuers,
                                new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl))));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test certificate: " + e.getMessage(), e);
        }
    }

    public static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
