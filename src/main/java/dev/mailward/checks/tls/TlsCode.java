package dev.mailward.checks.tls;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the TLS family (tls-versions, tls-ciphers, certificate). */
public enum TlsCode implements FindingCode {
    TLS_VERSIONS_OK("Only TLS 1.2 and 1.3 accepted"),
    TLS_LEGACY_VERSION_ACCEPTED("TLS 1.0 or 1.1 accepted"),
    TLS_NO_CURRENT_VERSION("Neither TLS 1.2 nor TLS 1.3 accepted"),
    TLS_VERSION_NOT_TESTABLE("A TLS version could not be tested"),
    TLS_NOT_AVAILABLE("No TLS on this endpoint"),
    TLS_CIPHER_GOOD("Negotiated cipher suite is good"),
    TLS_CIPHER_SUFFICIENT("Negotiated cipher suite is sufficient"),
    TLS_CIPHER_PHASE_OUT("Negotiated cipher suite is to be phased out"),
    TLS_CIPHER_INSUFFICIENT("Negotiated cipher suite is insufficient"),
    TLS_GROUP_OK("Key exchange group is good or sufficient"),
    TLS_GROUP_PHASE_OUT("Key exchange group is to be phased out"),
    TLS_GROUP_INSUFFICIENT("Key exchange group is insufficient (ffdhe2048, custom DH)"),
    TLS_NOT_TESTABLE("TLS could not be measured"),
    CERT_KEY_OK("Certificate key is strong enough"),
    CERT_KEY_INSUFFICIENT("Certificate key is too weak"),
    CERT_SIGNATURE_OK("Certificate signature hash is strong"),
    CERT_SIGNATURE_WEAK("Certificate signed with SHA-1 or MD5"),
    CERT_VALIDITY_OK("Certificate is valid for long enough"),
    CERT_EXPIRES_SOON("Certificate expires soon"),
    CERT_EXPIRY_CRITICAL("Certificate expires within days"),
    CERT_EXPIRED("Certificate has expired"),
    CERT_NOT_YET_VALID("Certificate is not yet valid"),
    CERT_NAME_OK("Certificate names the host"),
    CERT_NAME_MISMATCH("Certificate does not name the host"),
    CERT_CHAIN_OK("Chain validates against the CA bundle"),
    CERT_SELF_SIGNED("Certificate is self-signed"),
    CERT_UNKNOWN_CA("Certificate comes from a CA the bundle does not trust"),
    CERT_CHAIN_INCOMPLETE("Server does not send the intermediate certificates"),
    CERT_CHAIN_UNTRUSTED_INFO("Chain does not validate (informational on port 25)"),
    CERT_CHAIN_UNTRUSTED("Chain does not validate against the CA bundle"),
    CERT_NOT_OBSERVED("No certificate could be obtained"),
    PROBE_NOT_RUN("The endpoint probe could not run (configuration)");

    private final String title;

    TlsCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.TLS;
    }

    @Override
    public String title() {
        return title;
    }
}
