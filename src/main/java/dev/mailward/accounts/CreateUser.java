package dev.mailward.accounts;

import java.util.Set;

/**
 * Command to create a user.
 *
 * @param username login name, 2-64 characters of letters, digits, {@code . _ - @}; stored in
 *     lower case and unique regardless of case
 * @param displayName name shown in the console (the user name when blank)
 * @param role the user's role
 * @param teamIds ids of existing teams the user joins
 * @param password the initial password; must satisfy {@link PasswordPolicy}
 */
public record CreateUser(String username, String displayName, Role role, Set<Long> teamIds, String password) {

    public CreateUser {
        teamIds = UserAccount.teamIds(teamIds);
    }

    @Override
    public String toString() {
        // never print the password
        return "CreateUser[username=" + username + ", role=" + role + ", teamIds=" + teamIds + "]";
    }
}
