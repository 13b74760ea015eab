package dev.mailward.mitigations;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A finding an operator accepted with a reason until an expiry (the exceptions of the
 * {@code scanning} module, as a value). It applies to findings with its {@code code}, on every target of the
 * domain or only on {@code target}, while {@code now} is before {@code expiresAt}.
 *
 * @param code the finding code, e.g. {@code DKIM_NO_SELECTOR_FOUND}
 * @param target the result target it is limited to (e.g. an MX address), or empty for every target
 * @param reason why it was accepted (shown beside the status)
 * @param expiresAt when the acceptance ends (exclusive)
 */
public record AcceptedException(String code, Optional<String> target, String reason, Instant expiresAt) {

    public AcceptedException {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an accepted exception for " + code + " needs a reason");
        }
    }

    /** An exception for {@code code} on every target of the domain. */
    public static AcceptedException forCode(String code, String reason, Instant expiresAt) {
        return new AcceptedException(code, Optional.empty(), reason, expiresAt);
    }

    /** True when it covers a finding with {@code findingCode} on {@code resultTarget} at {@code now}. */
    public boolean covers(String findingCode, String resultTarget, Instant now) {
        return code.equals(findingCode) && now.isBefore(expiresAt)
                && target.map(t -> t.equalsIgnoreCase(resultTarget)).orElse(true);
    }
}
