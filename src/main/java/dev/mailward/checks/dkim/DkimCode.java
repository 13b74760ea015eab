package dev.mailward.checks.dkim;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the {@code dkim} check (RFC 6376, 8301, 8463). All inform {@code spf-dkim}. */
public enum DkimCode implements FindingCode {
    DKIM_KEY_RSA_STRONG("RSA key of 2048 bits or more"),
    DKIM_KEY_RSA_SHORT("RSA key of 1024 to 2047 bits"),
    DKIM_KEY_RSA_WEAK("RSA key shorter than 1024 bits (RFC 8301)"),
    DKIM_KEY_ED25519("Ed25519 key (RFC 8463)"),
    DKIM_KEY_REVOKED("Revoked key (empty p=)"),
    DKIM_TESTING_MODE("Key in testing mode (t=y)"),
    DKIM_SHA1_ONLY("Key allows only SHA-1 signatures (RFC 8301)"),
    DKIM_NOT_FOR_EMAIL("Key restricted to a service other than e-mail (s=)"),
    DKIM_RECORD_INVALID("Key record does not parse"),
    DKIM_MULTIPLE_RECORDS("Several key records at one selector"),
    DKIM_SELECTOR_MISSING("Configured selector has no key record"),
    DKIM_NO_SELECTOR_FOUND("No DKIM key found at the selectors tried"),
    DKIM_NO_MAIL("Domain sends no mail (null MX or SPF -all alone): DKIM does not apply"),
    DKIM_SELECTOR_INVALID("Configured selector is not a valid DNS name"),
    DKIM_DNS_ERROR("DNS lookup of a selector failed");

    private final String title;

    DkimCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.SPF_DKIM;
    }

    @Override
    public String title() {
        return title;
    }
}
