package dev.mailward.checks.dane;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the dane check (CHECKS.md "dane"; RFC 6698, RFC 7671, RFC 7672). */
public enum DaneCode implements FindingCode {
    DANE_MATCH("A usable TLSA record matches the certificate chain the MX presents"),
    DANE_NO_MATCH("No usable TLSA record matches the certificate chain the MX presents"),
    DANE_TA_NAME_MISMATCH("DANE-TA matched but the certificate does not name the MX host"),
    DANE_NO_ROLLOVER("Only one usable TLSA record: no room for a key rollover"),
    DANE_NO_USABLE_RECORDS("The TLSA RRset holds no record usable for SMTP"),
    DANE_USAGE_PKIX_IGNORED("TLSA usage 0/1 (PKIX-TA/PKIX-EE) is ignored by SMTP senders"),
    DANE_RECORD_UNUSABLE("A TLSA record is malformed or of an unknown type"),
    DANE_TLSA_INSECURE("TLSA records are not DNSSEC-validated and are ignored by senders"),
    DANE_TLSA_BOGUS("TLSA records fail DNSSEC validation"),
    DANE_TLSA_LOOKUP_FAILED("The TLSA lookup failed"),
    DANE_NOT_DEPLOYED("No TLSA records for the MX host"),
    DANE_STARTTLS_MISSING("The MX publishes TLSA records but offers no STARTTLS"),
    DANE_CHAIN_NOT_OBSERVED("The certificate chain could not be observed"),
    DANE_NOT_APPLICABLE("DANE does not apply (no MX host, null MX)");

    private final String title;

    DaneCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.DNSSEC_DANE;
    }

    @Override
    public String title() {
        return title;
    }
}
