package dev.mailward.mitigations;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A finding an operator accepted with a reason until an expiry (the exceptions of the
 * {@code scanning} module, as a value). It applies to findings with its {@code code}, on every target of the
 * domain or only on {@code target}, of every check or only of {@code check}, while {@code now} is before
 * {@code expiresAt}.
 *
 * @param code the finding code, e.g. {@code DKIM_NO_SELECTOR_FOUND}
 * @param target the result target it is limited to (e.g. an MX address), or empty for every target
 * @param reason why it was accepted (shown beside the status)
 * @param expiresAt when the acceptance ends (exclusive)
 * @param check the check id of the result it is limited to (e.g. {@code ptr}), or empty for every check
 */
public record AcceptedException(
        String code, Optional<String> target, String reason, Instant expiresAt, Optional<String> check) {

    public AcceptedException {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(check, "check");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an accepted exception for " + code + " needs a reason");
        }
    }

    /** An exception for {@code code} on {@code target} (or every target), of every check. */
    public AcceptedException(String code, Optional<String> target, String reason, Instant expiresAt) {
        this(code, target, reason, expiresAt, Optional.empty());
    }

    /** An exception for {@code code} on every target of the domain. */
    public static AcceptedException forCode(String code, String reason, Instant expiresAt) {
        return new AcceptedException(code, Optional.empty(), reason, expiresAt);
    }

    /**
     * An exception for {@code code} of one stored result, {@code check} on {@code target} (how the
     * {@code scanning} module records one).
     */
    public static AcceptedException forResult(
            String check, String target, String code, String reason, Instant expiresAt) {
        return new AcceptedException(code, Optional.of(target), reason, expiresAt, Optional.of(check));
    }

    /**
     * True when it covers a finding with {@code findingCode} of the result {@code resultCheck} on
     * {@code resultTarget} at {@code now}. The target is compared exactly, as the {@code scanning} module
     * matches an exception to its result.
     */
    public boolean covers(String resultCheck, String findingCode, String resultTarget, Instant now) {
        return code.equals(findingCode)
                && now.isBefore(expiresAt)
                && check.map(c -> c.equals(resultCheck)).orElse(true)
                && target.map(t -> t.equals(resultTarget)).orElse(true);
    }
}
