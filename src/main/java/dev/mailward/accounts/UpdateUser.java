package dev.mailward.accounts;

import java.util.Set;

/**
 * Command to change a user's profile, role, team memberships and whether they may log in.
 *
 * @param displayName name shown in the console (the user name when blank)
 * @param role the new role
 * @param teamIds ids of existing teams; replaces the memberships
 * @param enabled whether the user may log in
 */
public record UpdateUser(String displayName, Role role, Set<Long> teamIds, boolean enabled) {

    public UpdateUser {
        teamIds = UserAccount.teamIds(teamIds);
    }
}
