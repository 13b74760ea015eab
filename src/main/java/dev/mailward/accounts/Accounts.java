package dev.mailward.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The accounts module's facade: who is acting, which teams exist and are visible to whom, and the
 * administration of users and teams. Changes require the {@code ADMIN} role (method security),
 * except {@link #changeOwnPassword}, which any authenticated user may call for themself.
 *
 * <p>Rule failures throw {@link AccountChangeRejected} (with a message key), unknown ids
 * {@link NoSuchAccount}.
 */
@Service
public class Accounts {

    private final AccountService service;
    private final ScopeCache scopes;
    private final TeamsCache teams;

    Accounts(AccountService service, ScopeCache scopes, TeamsCache teams) {
        this.service = service;
        this.scopes = scopes;
        this.teams = teams;
    }

    /**
     * The acting user's scope as it is now, not as it was at login: read from the database, reused for
     * {@code mailward.accounts.scope-cache-ttl} (edits on this instance take effect at once).
     *
     * @throws AccessDeniedException when nobody is authenticated, or the user no longer exists or is disabled
     */
    public AccessScope currentScope() {
        AccessScope atLogin = CurrentUser.scope();
        AccessScope now = scopes.get(atLogin.userId(), service::state)
                .filter(AccountState::enabled)
                .map(AccountState::scope)
                .orElseThrow(() -> new AccessDeniedException("user no longer exists or is disabled"));
        if (CurrentUser.viaApiToken()) {
            // a token never acts above its own role, even when the owner's role is higher
            return new AccessScope(
                    now.userId(), now.username(), Role.lesser(now.role(), atLogin.role()), now.teamIds());
        }
        return now;
    }

    /**
     * Every team, by name: read from the database, reused for {@code mailward.accounts.scope-cache-ttl}
     * (creating or renaming a team on this instance takes effect at once).
     */
    public List<TeamRef> teams() {
        return teams.get(service::teams);
    }

    /** The team with that id. */
    public Optional<TeamRef> team(long teamId) {
        return service.team(teamId);
    }

    /** The teams whose rows the scope may see: all for an admin, the memberships otherwise. */
    public List<TeamRef> teamsVisibleTo(AccessScope scope) {
        return teams().stream().filter(t -> scope.canSee(t.id())).toList();
    }

    /** The teams in which the scope may change rows (empty for auditors). */
    public List<TeamRef> teamsWritableBy(AccessScope scope) {
        return teams().stream().filter(t -> scope.canWrite(t.id())).toList();
    }

    /** Every user, by user name. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<UserView> users() {
        return service.users();
    }

    /** One user. */
    @PreAuthorize("hasRole('ADMIN')")
    public Optional<UserView> user(long userId) {
        return service.findUser(userId);
    }

    /** Creates a user; publishes {@link UserCreated}. */
    @PreAuthorize("hasRole('ADMIN')")
    public UserView createUser(CreateUser cmd) {
        return service.createUser(cmd, CurrentUser.actorName());
    }

    /** Changes role, teams, display name and enabled flag; publishes {@link UserChanged}. */
    @PreAuthorize("hasRole('ADMIN')")
    public UserView updateUser(long userId, UpdateUser cmd) {
        return service.updateUser(userId, cmd, CurrentUser.actorName());
    }

    /** Sets a password the admin chose; publishes {@link UserChanged}. */
    @PreAuthorize("hasRole('ADMIN')")
    public void resetPassword(long userId, String newPassword) {
        service.resetPassword(userId, newPassword, CurrentUser.actorName());
    }

    /**
     * Sets a freshly generated password and returns it; show it once and never store or log it.
     * Publishes {@link UserChanged}.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public String resetPasswordToGenerated(long userId) {
        String password = service.generatePassword();
        service.resetPassword(userId, password, CurrentUser.actorName());
        return password;
    }

    /** Lifts a lockout after failed logins; publishes {@link UserChanged}. */
    @PreAuthorize("hasRole('ADMIN')")
    public void unlock(long userId) {
        service.unlock(userId, CurrentUser.actorName());
    }

    /** Creates a team; publishes {@link TeamChanged}. */
    @PreAuthorize("hasRole('ADMIN')")
    public TeamRef createTeam(String name) {
        return service.createTeam(name, CurrentUser.actorName());
    }

    /** Renames a team; publishes {@link TeamChanged}. */
    @PreAuthorize("hasRole('ADMIN')")
    public TeamRef renameTeam(long teamId, String name) {
        return service.renameTeam(teamId, name, CurrentUser.actorName());
    }

    /**
     * The acting user changes their own password; the current one is required. Every other session of the
     * user ends; the current thread's security context takes on the account's new state, and a web caller
     * saves that context in its session (see {@code AccountController}) so this session survives.
     */
    @PreAuthorize("isAuthenticated()")
    public void changeOwnPassword(String currentPassword, String newPassword) {
        AccountState now = service.changeOwnPassword(CurrentUser.scope().userId(), currentPassword, newPassword);
        new AccountPrincipal(now, "").actAsThisThread(null);
    }

    /**
     * Whether the acting user must set their own password before anything else (the first admin's generated
     * one); the console then shows only the change-password form.
     */
    @PreAuthorize("isAuthenticated()")
    public boolean mustChangePassword() {
        return scopes.get(CurrentUser.scope().userId(), service::state)
                .map(AccountState::mustChangePassword)
                .orElse(false);
    }

    /** The acting user's own profile. */
    @PreAuthorize("isAuthenticated()")
    public UserView me() {
        long id = CurrentUser.scope().userId();
        return service.findUser(id).orElseThrow(() -> new NoSuchAccount("user", id));
    }
}
