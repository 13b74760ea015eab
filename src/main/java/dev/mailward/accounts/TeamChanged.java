package dev.mailward.accounts;

/**
 * A team was created or renamed.
 *
 * @param teamId the team's id
 * @param name the team's (new) name
 * @param change {@code created} or {@code renamed}
 * @param actor user name of who did it
 */
public record TeamChanged(long teamId, String name, String change, String actor) {}
