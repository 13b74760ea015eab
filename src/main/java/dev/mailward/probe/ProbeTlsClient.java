package dev.mailward.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.TlsDHDomain;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsKemConfig;
import org.bouncycastle.tls.crypto.TlsKemDomain;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A measuring TLS client on Bouncy Castle's low-level API: it offers exactly the versions it is
 * given (legacy ones too, independent of the JDK's {@code jdk.tls.disabledAlgorithms}), accepts
 * any certificate and any DH group (it observes; the checks judge), and records the chain and the
 * key exchange group.
 */
final class ProbeTlsClient extends DefaultTlsClient {

    private final ProtocolVersion[] versions;
    private final String serverName;
    private final RecordingCrypto recording;
    private final List<X509Certificate> chain = new ArrayList<>();
    private volatile String alertReceived;

    ProbeTlsClient(List<TlsVersion> offer, String serverName) {
        this(new RecordingCrypto(), offer, serverName);
    }

    private ProbeTlsClient(RecordingCrypto crypto, List<TlsVersion> offer, String serverName) {
        super(crypto);
        this.recording = crypto;
        this.versions = offer.stream()
                .sorted((a, b) -> b.compareTo(a))
                .map(TlsVersion::bc)
                .toArray(ProtocolVersion[]::new);
        this.serverName = serverName;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return versions;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return CipherSuites.OFFERED;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        Vector groups = new Vector();
        for (int g : new int[] {
            NamedGroup.x25519,
            NamedGroup.secp256r1,
            NamedGroup.secp384r1,
            NamedGroup.secp521r1,
            NamedGroup.x448,
            NamedGroup.ffdhe2048,
            NamedGroup.ffdhe3072,
            NamedGroup.ffdhe4096
        }) {
            if (getCrypto().hasNamedGroup(g)) {
                groups.add(g);
            }
        }
        return groups;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Vector getEarlyKeyShareGroups() {
        // one early share only: a server preferring another group answers with a
        // HelloRetryRequest, so the last key exchange domain created is the negotiated group
        Vector v = new Vector();
        v.add(NamedGroup.x25519);
        return v;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Vector getSNIServerNames() {
        if (serverName == null
                || !serverName.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            return null;
        }
        Vector v = new Vector();
        v.add(new ServerName(NameType.host_name, serverName.getBytes(StandardCharsets.US_ASCII)));
        return v;
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        // SHA-1 signed chains must be observed and judged, not abort the handshake
        return false;
    }

    @Override
    public TlsDHGroupVerifier getDHGroupVerifier() {
        // accept every group of at least 512 bits so that weak or custom groups can be reported
        return group -> group.getP().bitLength() >= 512;
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == AlertLevel.fatal) {
            alertReceived = AlertDescription.getText(alertDescription);
        }
    }

    Optional<String> alertReceived() {
        return Optional.ofNullable(alertReceived);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                chain.clear();
                CertificateFactory cf;
                try {
                    cf = CertificateFactory.getInstance("X.509");
                } catch (CertificateException e) {
                    throw new IOException(e);
                }
                org.bouncycastle.tls.Certificate c = serverCertificate.getCertificate();
                for (int i = 0; i < Math.min(c.getLength(), 10); i++) {
                    TlsCertificate t = c.getCertificateAt(i);
                    try {
                        chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(t.getEncoded())));
                    } catch (CertificateException e) {
                        throw new IOException("certificate " + i + " cannot be parsed: " + e.getMessage(), e);
                    }
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                return null;
            }
        };
    }

    TlsHandshake handshake() {
        SecurityParameters sp = context.getSecurityParametersConnection();
        int suite = sp.getCipherSuite();
        return new TlsHandshake(
                TlsVersion.of(sp.getNegotiatedVersion()),
                CipherSuites.name(suite),
                suite,
                recording.lastGroup(),
                chain);
    }

    /** Remembers the last key exchange group a domain was created for. */
    static final class RecordingCrypto extends BcTlsCrypto {
        private volatile String lastGroup;

        @Override
        public TlsECDomain createECDomain(TlsECConfig ecConfig) {
            lastGroup = NamedGroup.getName(ecConfig.getNamedGroup());
            return super.createECDomain(ecConfig);
        }

        @Override
        public TlsDHDomain createDHDomain(TlsDHConfig dhConfig) {
            if (dhConfig.getNamedGroup() >= 0) {
                lastGroup = NamedGroup.getName(dhConfig.getNamedGroup());
            } else if (dhConfig.getExplicitGroup() != null) {
                lastGroup = "custom-dh-" + dhConfig.getExplicitGroup().getP().bitLength();
            }
            return super.createDHDomain(dhConfig);
        }

        @Override
        public TlsKemDomain createKemDomain(TlsKemConfig kemConfig) {
            lastGroup = NamedGroup.getName(kemConfig.getNamedGroup());
            return super.createKemDomain(kemConfig);
        }

        Optional<String> lastGroup() {
            return Optional.ofNullable(lastGroup);
        }
    }
}
