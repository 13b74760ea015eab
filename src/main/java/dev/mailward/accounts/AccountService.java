package dev.mailward.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules behind {@link Accounts}, without method security: used by the facade, the first-start
 * bootstrap and the login machinery. Publishes the module's events inside its transactions.
 */
@Service
@Transactional
class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    // no 0/O, 1/l/I: generated passwords are read off a screen
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int GENERATED_LENGTH = 20;

    private final UserAccountRepository users;
    private final TeamRepository teams;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final ScopeCache scopes;
    private final TeamsCache teamsCache;
    private final AccountSessions sessions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccountService(
            UserAccountRepository users,
            TeamRepository teams,
            PasswordEncoder encoder,
            ApplicationEventPublisher events,
            ScopeCache scopes,
            TeamsCache teamsCache,
            AccountSessions sessions) {
        this.users = users;
        this.teams = teams;
        this.encoder = encoder;
        this.events = events;
        this.scopes = scopes;
        this.teamsCache = teamsCache;
        this.sessions = sessions;
        this.clock = Clock.systemUTC();
    }

    String generatePassword() {
        StringBuilder sb = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    UserView createUser(CreateUser cmd, String actor) {
        String username = UserAccount.normalizeUsername(cmd.username());
        if (cmd.role() == null) {
            throw new AccountChangeRejected("role", "accounts.user.role-required", "role required");
        }
        PasswordPolicy.enforce(username, cmd.password());
        requireTeams(cmd.teamIds());
        if (users.existsByUsername(username)) {
            throw new AccountChangeRejected(
                    "username", "accounts.user.username-taken", "user name taken: " + username, username);
        }
        UserAccount account = users.save(new UserAccount(
                username,
                cmd.displayName(),
                cmd.role(),
                cmd.teamIds(),
                encoder.encode(cmd.password()),
                clock.instant()));
        log.info("User {} created with role {} by {}", username, cmd.role(), actor);
        events.publishEvent(new UserCreated(account.id(), username, cmd.role(), actor));
        return view(account);
    }

    UserView updateUser(long userId, UpdateUser cmd, String actor) {
        UserAccount account = user(userId);
        if (cmd.role() == null) {
            throw new AccountChangeRejected("role", "accounts.user.role-required", "role required");
        }
        requireTeams(cmd.teamIds());
        if (account.username().equals(actor) && (cmd.role() != Role.ADMIN || !cmd.enabled())) {
            // an admin who demotes or disables themself may leave nobody able to administer
            throw new AccountChangeRejected("role", "accounts.user.not-yourself", "cannot demote or disable yourself");
        }
        long epoch = account.sessionEpoch();
        account.update(cmd);
        String change = "role=" + cmd.role() + " teams=" + new TreeSet<>(cmd.teamIds()) + " enabled=" + cmd.enabled();
        log.info("User {} changed by {}: {}", account.username(), actor, change);
        events.publishEvent(new UserChanged(account.id(), account.username(), change, actor));
        if (account.sessionEpoch() != epoch) {
            // disabled or role lowered: the sessions end at once on every console, not at their next request
            sessions.endAllOf(account.username(), actor, change, Optional.empty());
        }
        scopes.evictAfterCommit(account.id());
        return view(account);
    }

    /**
     * An account for a person's first single sign-on: a password nobody knows (the hash of a random one), the
     * role and teams their groups grant. The actor of the audit entry is the provider.
     */
    AccountState createSsoUser(String username, String displayName, Role role, Set<Long> teamIds, String actor) {
        UserAccount account = users.save(new UserAccount(
                username,
                displayName,
                role,
                teamIds,
                encoder.encode(generatePassword() + generatePassword()),
                clock.instant()));
        log.info("User {} created with role {} at their first single sign-on ({})", username, role, actor);
        events.publishEvent(new UserCreated(account.id(), username, role, actor));
        return account.state();
    }

    /**
     * The role and teams a single sign-on grants, applied at each sign-on; a lowered role ends the account's
     * other sessions like an admin's change. The account stays enabled or disabled as it is.
     */
    AccountState syncFromSso(long userId, Role role, Set<Long> teamIds, String actor) {
        UserAccount account = user(userId);
        if (account.role() == role && account.teamIds().equals(teamIds)) {
            return account.state();
        }
        long epoch = account.sessionEpoch();
        account.update(new UpdateUser(account.displayName(), role, teamIds, account.enabled()));
        String change = "role=" + role + " teams=" + new TreeSet<>(teamIds) + " (from single sign-on)";
        log.info("User {} changed by {}: {}", account.username(), actor, change);
        events.publishEvent(new UserChanged(account.id(), account.username(), change, actor));
        if (account.sessionEpoch() != epoch) {
            sessions.endAllOf(account.username(), actor, change, Optional.empty());
        }
        scopes.evictAfterCommit(account.id());
        return account.state();
    }

    /** An account by user name, for single sign-on's first match. */
    @Transactional(readOnly = true)
    Optional<AccountState> stateByUsername(String username) {
        return users.findByUsername(username).map(UserAccount::state);
    }

    /** Team ids by name (case-insensitive); names of no team are left out. */
    @Transactional(readOnly = true)
    Map<String, Long> teamIdsByName(java.util.Collection<String> names) {
        Map<String, Long> ids = new java.util.LinkedHashMap<>();
        for (String name : names) {
            teams.findByNameIgnoreCase(name.strip()).ifPresent(t -> ids.put(name, t.id()));
        }
        return ids;
    }

    void resetPassword(long userId, String newPassword, String actor) {
        UserAccount account = user(userId);
        PasswordPolicy.enforce(account.username(), newPassword);
        account.changePassword(encoder.encode(newPassword), clock.instant());
        scopes.evictAfterCommit(account.id());
        log.info("Password of {} reset by {}", account.username(), actor);
        events.publishEvent(new UserChanged(account.id(), account.username(), "password-reset", actor));
        sessions.endAllOf(account.username(), actor, "password reset", Optional.empty());
    }

    /** Sets the user's own password; returns the account's new state, which the user's own session takes on. */
    AccountState changeOwnPassword(long userId, String currentPassword, String newPassword) {
        UserAccount account = user(userId);
        if (currentPassword == null || !encoder.matches(currentPassword, account.passwordHash())) {
            throw new AccountChangeRejected(
                    "currentPassword", "accounts.password.current-wrong", "current password wrong");
        }
        PasswordPolicy.enforce(account.username(), newPassword);
        if (encoder.matches(newPassword, account.passwordHash())) {
            throw new AccountChangeRejected(
                    "newPassword", "accounts.password.unchanged", "new password equals the old one");
        }
        account.changePassword(encoder.encode(newPassword), clock.instant());
        scopes.evictAfterCommit(account.id());
        log.info("User {} changed their password", account.username());
        events.publishEvent(new UserChanged(account.id(), account.username(), "password-changed", account.username()));
        // the user's own session goes on (under a new id); their other sessions end
        sessions.endAllOf(
                account.username(), account.username(), "password changed", AccountSessions.currentSessionId());
        return account.state();
    }

    void unlock(long userId, String actor) {
        UserAccount account = user(userId);
        users.unlockLogins(account.id());
        log.info("User {} unlocked by {}", account.username(), actor);
        events.publishEvent(new UserChanged(account.id(), account.username(), "unlocked", actor));
    }

    TeamRef createTeam(String name, String actor) {
        String n = Team.validName(name);
        if (teams.findByNameIgnoreCase(n).isPresent()) {
            throw new AccountChangeRejected("name", "accounts.team.name-taken", "team name taken: " + n, n);
        }
        Team team = teams.save(new Team(n, clock.instant()));
        log.info("Team {} created by {}", n, actor);
        teamsCache.evict();
        events.publishEvent(new TeamChanged(team.id(), n, "created", actor));
        return team.toRef();
    }

    TeamRef renameTeam(long teamId, String name, String actor) {
        Team team = teams.findById(teamId).orElseThrow(() -> new NoSuchAccount("team", teamId));
        String n = Team.validName(name);
        teams.findByNameIgnoreCase(n)
                .filter(other -> !other.id().equals(team.id()))
                .ifPresent(other -> {
                    throw new AccountChangeRejected("name", "accounts.team.name-taken", "team name taken: " + n, n);
                });
        String old = team.name();
        team.rename(n);
        log.info("Team {} renamed to {} by {}", old, n, actor);
        teamsCache.evict();
        events.publishEvent(new TeamChanged(team.id(), n, "renamed from " + old, actor));
        return team.toRef();
    }

    @Transactional(readOnly = true)
    List<UserView> users() {
        Map<Long, TeamRef> teamsById = teamsById();
        return users.findAll().stream()
                .sorted(Comparator.comparing(UserAccount::username))
                .map(u -> view(u, teamsById))
                .toList();
    }

    @Transactional(readOnly = true)
    Optional<UserView> findUser(long userId) {
        return users.findById(userId).map(this::view);
    }

    @Transactional(readOnly = true)
    Optional<UserView> findUser(String username) {
        return users.findByUsername(username.strip().toLowerCase(java.util.Locale.ROOT))
                .map(this::view);
    }

    @Transactional(readOnly = true)
    Optional<AccountState> state(long userId) {
        return users.findById(userId).map(UserAccount::state);
    }

    @Transactional(readOnly = true)
    List<TeamRef> teams() {
        return teams.findAllByOrderByNameAsc().stream().map(Team::toRef).toList();
    }

    @Transactional(readOnly = true)
    Optional<TeamRef> team(long teamId) {
        return teams.findById(teamId).map(Team::toRef);
    }

    @Transactional(readOnly = true)
    long userCount() {
        return users.count();
    }

    /**
     * First start only: the Default team and the first admin, in one transaction. A generated password (printed
     * in the log) must be changed at the first sign-in; one the operator configured need not.
     */
    void createFirstAdmin(String username, String teamName, String password, boolean generated) {
        TeamRef team = teams.findByNameIgnoreCase(teamName)
                .map(Team::toRef)
                .orElseGet(() -> createTeam(teamName, CurrentUser.SYSTEM));
        UserView admin = createUser(
                new CreateUser(username, "Administrator", Role.ADMIN, Set.of(team.id()), password), CurrentUser.SYSTEM);
        if (generated) {
            user(admin.id()).requirePasswordChange();
        }
    }

    private UserAccount user(long userId) {
        return users.findById(userId).orElseThrow(() -> new NoSuchAccount("user", userId));
    }

    private void requireTeams(Set<Long> teamIds) {
        for (Long id : teamIds) {
            if (id == null || !teams.existsById(id)) {
                throw new AccountChangeRejected(
                        "teamIds", "accounts.user.team-unknown", "unknown team " + id, String.valueOf(id));
            }
        }
    }

    private Map<Long, TeamRef> teamsById() {
        return teams.findAll().stream().map(Team::toRef).collect(Collectors.toMap(TeamRef::id, Function.identity()));
    }

    private UserView view(UserAccount u) {
        return view(u, teamsById());
    }

    private UserView view(UserAccount u, Map<Long, TeamRef> teamsById) {
        List<TeamRef> memberOf = u.teamIds().stream()
                .map(teamsById::get)
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(TeamRef::name))
                .toList();
        Instant now = clock.instant();
        return new UserView(
                u.id(),
                u.username(),
                u.displayName(),
                u.role(),
                memberOf,
                u.enabled(),
                u.createdAt(),
                u.lastLoginAt(),
                u.lockedUntil(now));
    }
}
