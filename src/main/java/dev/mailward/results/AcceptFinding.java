package dev.mailward.results;

import java.time.LocalDate;

/**
 * Command: accept the finding {@code code} of the result {@code check}/{@code target} of a domain.
 *
 * @param check check id
 * @param target the result's target
 * @param code finding code
 * @param reason why (1..1000 characters)
 * @param expiresOn last day it holds (today .. two years ahead)
 * @param scope which targets it covers: this one only, or every target with {@code code} on the domain
 */
public record AcceptFinding(
        String check, String target, String code, String reason, LocalDate expiresOn, ExceptionScope scope) {

    public AcceptFinding {
        scope = scope == null ? ExceptionScope.TARGET : scope;
    }

    /** Accepts the finding on this target only. */
    public AcceptFinding(String check, String target, String code, String reason, LocalDate expiresOn) {
        this(check, target, code, reason, expiresOn, ExceptionScope.TARGET);
    }
}
