package dev.mailward.accounts;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * What the acting user may see and do: their role and the teams they belong to. An admin sees
 * every team regardless of membership; everyone else sees only their own teams' rows.
 *
 * @param userId id of the user
 * @param username the (lower-case) user name
 * @param role the user's role
 * @param teamIds ids of the teams the user is a member of (immutable, never null)
 */
// serializable: a console session's principal carries it, and sessions are stored in PostgreSQL
public record AccessScope(long userId, String username, Role role, Set<Long> teamIds) implements Serializable {

    private static final long serialVersionUID = 1L;

    public AccessScope {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        teamIds = Set.copyOf(teamIds);
    }

    /** Whether the user is an administrator (sees and may change everything). */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the user may change state: {@code ADMIN} or {@code OPERATOR}. */
    public boolean canWrite() {
        return role.canWrite();
    }

    /** Whether rows of the given team are visible to the user. */
    public boolean canSee(long teamId) {
        return isAdmin() || teamIds.contains(teamId);
    }

    /** Whether the user may change rows of the given team. */
    public boolean canWrite(long teamId) {
        return canWrite() && canSee(teamId);
    }
}
