package dev.mailward.checks;

/**
 * The version of the judging rules: every family's {@link Check#analyse}, the finding codes and
 * their statuses. Bump {@link #VERSION} in the commit that changes what any analysis concludes
 * from an observation (a new code, a status, a threshold), not for a change of wording alone.
 * A result stored with its rules version can then tell a rule change from a change of the
 * domain: judging a stored {@link DomainObservation} again under a newer version is a rule
 * change, not something the domain did.
 */
public final class Rules {

    /** The current rules version; increases by one for each change of the rules. */
    public static final int VERSION = 3;

    private Rules() {}
}
