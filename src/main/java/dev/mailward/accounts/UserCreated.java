package dev.mailward.accounts;

/**
 * A user was created.
 *
 * @param userId the new user's id
 * @param username lower-case login name
 * @param role the role given
 * @param actor user name of who created it ({@code system} at first start)
 */
public record UserCreated(long userId, String username, Role role, String actor) {}
