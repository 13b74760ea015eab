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

        public PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCerts(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
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
                "SHA256withRSA");
        return new TestCerts(k, c);
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
                sigAlg);
        return new Issued(keys, List.of(c, ca));
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
                alg);
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
            String sigAlg) {
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
