package dev.mailward.results;

import dev.mailward.checks.Status;

/**
 * How a result changed: its status got worse (a confirmed regression), better, or it changed otherwise; or its
 * target (an endpoint, an MX host, an address) is new or gone.
 *
 * <p>{@link #APPEARED} and {@link #DISAPPEARED} (issue 18) are about the target itself: a scan of the domain found
 * a target it had no result for ({@code from} is {@link Status#NOT_APPLICABLE}: it was not there, {@code to} its
 * status), or a complete scan no longer found a target that had a current result ({@code from} its last status,
 * {@code to} {@link Status#NOT_APPLICABLE}); that result is no longer current.
 */
public enum ChangeDirection {
    WORSE,
    BETTER,
    CHANGED,
    APPEARED,
    DISAPPEARED;

    /**
     * Whether a change in this direction from {@code from} to {@code to} made its domain worse: a worse status, both
     * measured (a change from or to a result that could not be measured, {@code ERROR}, is a matter of measurement,
     * not a worse domain), or a new target with a problem ({@code WARN} or {@code FAIL}).
     */
    public boolean worsens(Status from, Status to) {
        return (this == WORSE && from != Status.ERROR && to != Status.ERROR) || (this == APPEARED && problem(to));
    }

    /**
     * Whether a change in this direction from {@code from} to {@code to} made its domain better: a better status, both
     * measured, or a target with a problem gone.
     */
    public boolean improves(Status from, Status to) {
        return (this == BETTER && from != Status.ERROR && to != Status.ERROR) || (this == DISAPPEARED && problem(from));
    }

    private static boolean problem(Status s) {
        return s == Status.WARN || s == Status.FAIL;
    }
}
