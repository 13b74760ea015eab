package dev.mailward.accounts;

/**
 * A user's role, teams, enabled flag or password changed, or an admin unlocked them.
 *
 * @param userId the user's id
 * @param username lower-case login name
 * @param change what changed, e.g. {@code role=OPERATOR teams=[1, 2] enabled=true}, {@code password-reset}, {@code unlocked}
 * @param actor user name of who changed it
 */
public record UserChanged(long userId, String username, String change, String actor) {}
