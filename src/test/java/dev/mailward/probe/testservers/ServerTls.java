package dev.mailward.probe.testservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedDecryptor;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Server-side TLS for the test servers on Bouncy Castle's low-level API, so that TLS 1.0/1.1-only
 * servers and weak suites can be made regardless of the JDK's disabled algorithms.
 *
 * @param issued the certificate chain and key
 * @param versions the versions the server accepts
 * @param suites the suites it accepts, or null for a modern default fitting the key type
 */
public record ServerTls(TestCerts.Issued issued, List<ProtocolVersion> versions, int[] suites) {

    public static final List<ProtocolVersion> MODERN = List.of(ProtocolVersion.TLSv13, ProtocolVersion.TLSv12);
    public static final List<ProtocolVersion> LEGACY_ONLY = List.of(ProtocolVersion.TLSv11, ProtocolVersion.TLSv10);

    public static ServerTls modern(TestCerts.Issued issued) {
        return new ServerTls(issued, MODERN, null);
    }

    /** Runs the server handshake on the given streams and returns the protocol (streams inside). */
    public TlsServerProtocol accept(InputStream in, OutputStream out) throws IOException {
        TlsServerProtocol p = new TlsServerProtocol(in, out);
        p.accept(new Server(new BcTlsCrypto(new SecureRandom())));
        return p;
    }

    private boolean ec() {
        return issued.keys().getPublic().getAlgorithm().equals("EC");
    }

    private final class Server extends DefaultTlsServer {
        private final BcTlsCrypto crypto;

        Server(BcTlsCrypto crypto) {
            super(crypto);
            this.crypto = crypto;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return versions.toArray(ProtocolVersion[]::new);
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            int[] base = suites != null
                    ? suites
                    : ec()
                            ? new int[] {
                                CipherSuite.TLS_AES_128_GCM_SHA256,
                                CipherSuite.TLS_AES_256_GCM_SHA384,
                                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
                            }
                            : new int[] {
                                CipherSuite.TLS_AES_128_GCM_SHA256,
                                CipherSuite.TLS_AES_256_GCM_SHA384,
                                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                                CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
                            };
            return TlsUtils.getSupportedCipherSuites(crypto, base);
        }

        private Certificate certificate() throws IOException {
            TlsCertificate[] certs = new TlsCertificate[issued.chain().size()];
            for (int i = 0; i < certs.length; i++) {
                try {
                    certs[i] = crypto.createCertificate(issued.chain().get(i).getEncoded());
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IOException(e);
                }
            }
            if (TlsUtils.isTLSv13(context)) {
                return new Certificate(
                        TlsUtils.EMPTY_BYTES,
                        Arrays.stream(certs)
                                .map(c -> new org.bouncycastle.tls.CertificateEntry(c, null))
                                .toArray(org.bouncycastle.tls.CertificateEntry[]::new));
            }
            return new Certificate(certs);
        }

        private AsymmetricKeyParameter key() throws IOException {
            return PrivateKeyFactory.createKey(issued.privateKey().getEncoded());
        }

        private TlsCredentialedSigner signer() throws IOException {
            SignatureAndHashAlgorithm sah = null;
            if (TlsUtils.isTLSv13(context)) {
                sah = ec()
                        ? SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
                        : SignatureAndHashAlgorithm.rsa_pss_rsae_sha256;
            } else if (TlsUtils.isTLSv12(context)) {
                sah = SignatureAndHashAlgorithm.getInstance(
                        HashAlgorithm.sha256, ec() ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa);
            }
            return new BcDefaultTlsCredentialedSigner(
                    new TlsCryptoParameters(context), crypto, key(), certificate(), sah);
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            if (!TlsUtils.isTLSv13(context)
                    && context.getSecurityParametersHandshake().getKeyExchangeAlgorithm() == KeyExchangeAlgorithm.RSA) {
                return new BcDefaultTlsCredentialedDecryptor(crypto, certificate(), key());
            }
            return signer();
        }
    }
}
