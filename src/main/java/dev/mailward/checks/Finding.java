package dev.mailward.checks;

import java.util.Objects;

/**
 * One judgement of a check: a stable code, a status, a one-line message that names the offending
 * value (e.g. "14 DNS-querying terms (limit 10)") and the mitigation it informs.
 */
public record Finding(String code, Status status, String message, String mitigation) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(mitigation, "mitigation");
    }

    /** Whether this finding says the domain's DNSSEC failure kept its check from running ({@link DnssecOutage}). */
    public boolean blockedByDnssec() {
        return code.equals(DnssecOutage.BLOCKED_CODE);
    }

    public static Finding of(FindingCode code, Status status, String message) {
        return new Finding(code.name(), status, message, code.mitigation().id());
    }
}
