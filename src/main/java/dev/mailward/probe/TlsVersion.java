package dev.mailward.probe;

import org.bouncycastle.tls.ProtocolVersion;

/** The TLS protocol versions the prober tries one by one. SSL 3.0 is not tried. */
public enum TlsVersion {
    TLS_1_0("TLSv1.0", ProtocolVersion.TLSv10),
    TLS_1_1("TLSv1.1", ProtocolVersion.TLSv11),
    TLS_1_2("TLSv1.2", ProtocolVersion.TLSv12),
    TLS_1_3("TLSv1.3", ProtocolVersion.TLSv13);

    private final String label;
    private final ProtocolVersion bc;

    TlsVersion(String label, ProtocolVersion bc) {
        this.label = label;
        this.bc = bc;
    }

    /** The usual name, e.g. {@code TLSv1.2}. */
    public String label() {
        return label;
    }

    ProtocolVersion bc() {
        return bc;
    }

    static TlsVersion of(ProtocolVersion v) {
        for (TlsVersion t : values()) {
            if (t.bc.equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported protocol version " + v);
    }
}
