package dev.mailward.probe;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A completed TLS handshake as the prober saw it.
 *
 * @param version the negotiated protocol version
 * @param cipherSuite the IANA name of the negotiated suite, e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param cipherSuiteCode its code point
 * @param group the key exchange group, e.g. {@code x25519}, {@code ffdhe3072}, or
 *     {@code custom-dh-2048} for an explicit DH group; empty for RSA key transport
 * @param chain the certificates the server presented, end-entity first
 */
public record TlsHandshake(
        TlsVersion version,
        String cipherSuite,
        int cipherSuiteCode,
        Optional<String> group,
        List<X509Certificate> chain) {

    public TlsHandshake {
        chain = List.copyOf(chain);
    }
}
