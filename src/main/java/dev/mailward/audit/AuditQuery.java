package dev.mailward.audit;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Filter of the audit log; every part is optional.
 *
 * @param action exact action id
 * @param actor exact actor, case-insensitive
 * @param from first day included (UTC)
 * @param to last day included (UTC)
 */
public record AuditQuery(
        Optional<String> action, Optional<String> actor, Optional<LocalDate> from, Optional<LocalDate> to) {

    public AuditQuery {
        action = action.map(String::strip).filter(s -> !s.isEmpty());
        actor = actor.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Everything. */
    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** From request parameters: blank means "any". */
    public static AuditQuery of(String action, String actor, LocalDate from, LocalDate to) {
        return new AuditQuery(
                Optional.ofNullable(action),
                Optional.ofNullable(actor),
                Optional.ofNullable(from),
                Optional.ofNullable(to));
    }
}
