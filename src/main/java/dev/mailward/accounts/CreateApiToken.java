package dev.mailward.accounts;

/**
 * Command to create a personal API token for the acting user.
 *
 * @param name what the token is for, 1 to 100 characters
 * @param role the role it acts with; must not exceed the owner's role
 * @param validDays days until it expires, 1 to {@link ApiProperties.Tokens#maxLifetimeDays()}
 */
public record CreateApiToken(String name, Role role, int validDays) {}
