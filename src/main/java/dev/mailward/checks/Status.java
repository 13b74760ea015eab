package dev.mailward.checks;

import java.util.Collection;

/**
 * Outcome of a finding or a result. {@code ERROR} means "could not be measured" (timeout,
 * SERVFAIL, refused, rate limited) and is never {@code PASS} and never {@code FAIL}.
 */
public enum Status {
    NOT_APPLICABLE(0),
    PASS(1),
    WARN(2),
    ERROR(3),
    FAIL(4);

    private final int severity;

    Status(int severity) {
        this.severity = severity;
    }

    /** Higher is worse: FAIL > ERROR > WARN > PASS > NOT_APPLICABLE. */
    public int severity() {
        return severity;
    }

    public Status worse(Status other) {
        return other.severity > severity ? other : this;
    }

    /** The worst of {@code statuses}; {@code NOT_APPLICABLE} for none. */
    public static Status worst(Collection<Status> statuses) {
        Status w = NOT_APPLICABLE;
        for (Status s : statuses) {
            w = w.worse(s);
        }
        return w;
    }
}
