package dev.mailward.checks.dnssec;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the dnssec check (CHECKS.md "dnssec"). */
public enum DnssecCode implements FindingCode {
    DNSSEC_SECURE("The zone is DNSSEC-signed and validates"),
    DNSSEC_INSECURE("The zone is not DNSSEC-signed"),
    DNSSEC_BOGUS("DNSSEC validation fails (bogus)"),
    DNSSEC_INDETERMINATE("The DNSSEC status could not be determined"),
    DNSSEC_LOOKUP_FAILED("The lookup failed"),
    /**
     * Another check could not run: DNSSEC validation rejected the answers it needed. Carries the
     * mitigation of the check it stands in for; the cause and the fix are in {@link #DNSSEC_BOGUS}.
     */
    DNSSEC_BLOCKED("Blocked by the DNSSEC failure");

    private final String title;

    DnssecCode(String title) {
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
