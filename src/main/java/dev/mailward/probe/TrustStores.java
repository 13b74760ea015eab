package dev.mailward.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust managers from a PEM CA bundle (for private labs and tests) or the JDK's default CAs. */
public final class TrustStores {

    private TrustStores() {}

    /**
     * The trust manager for {@code pemBundle}, or the JDK's default when empty.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static X509TrustManager trustManager(Optional<Path> pemBundle) {
        try {
            KeyStore ks = null;
            if (pemBundle.isPresent()) {
                Path file = pemBundle.get();
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(file)) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                } catch (IOException e) {
                    throw new IllegalArgumentException("CA bundle " + file + " cannot be read: " + e.getMessage(), e);
                }
                if (certs.isEmpty()) {
                    throw new IllegalArgumentException("CA bundle " + file + " holds no PEM certificate");
                }
                int i = 0;
                for (Certificate c : certs) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509TrustManager available");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("CA bundle cannot be loaded: " + e.getMessage(), e);
        }
    }
}
