package dev.mailward.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user as the administration pages and the API show it. Never carries the password hash.
 *
 * @param id user id
 * @param username lower-case login name
 * @param displayName name shown in the console
 * @param role the user's role
 * @param teams the teams the user belongs to, by name
 * @param enabled whether the user may log in
 * @param createdAt when the user was created (UTC)
 * @param lastLoginAt last interactive login, empty if never
 * @param lockedUntil end of a lockout after too many failed logins, empty if not locked
 */
public record UserView(
        long id,
        String username,
        String displayName,
        Role role,
        List<TeamRef> teams,
        boolean enabled,
        Instant createdAt,
        Optional<Instant> lastLoginAt,
        Optional<Instant> lockedUntil) {

    public UserView {
        teams = List.copyOf(teams);
    }

    /** Whether the account is currently locked. */
    public boolean locked() {
        return lockedUntil.isPresent();
    }

    /** Whether the user belongs to the team. */
    public boolean inTeam(long teamId) {
        return teams.stream().anyMatch(t -> t.id() == teamId);
    }
}
