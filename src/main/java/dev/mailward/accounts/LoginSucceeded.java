package dev.mailward.accounts;

/**
 * A user logged in interactively (form login).
 *
 * @param userId the user's id
 * @param username lower-case login name
 * @param sourceAddress client address of the request
 */
public record LoginSucceeded(long userId, String username, String sourceAddress) {}
