package dev.mailward.checks.rdns;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the ptr check (CHECKS.md "rdns / reputation"). */
public enum PtrCode implements FindingCode {
    PTR_OK("The address has a forward-confirmed PTR"),
    PTR_MISSING("The address has no PTR record"),
    PTR_NOT_FORWARD_CONFIRMED("The PTR name does not resolve back to the address (no FCrDNS)"),
    PTR_MULTIPLE("The address has several PTR records"),
    PTR_GENERIC("The PTR name looks generic (dynamic/residential)"),
    PTR_LOOKUP_FAILED("The PTR lookup failed"),
    PTR_EHLO_MISMATCH("The server's banner/EHLO name differs from its PTR name");

    private final String title;

    PtrCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.REPUTATION;
    }

    @Override
    public String title() {
        return title;
    }
}
