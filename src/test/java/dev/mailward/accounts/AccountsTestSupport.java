package dev.mailward.accounts;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * For tests of any module: creates real users and teams (without needing an admin in the
 * security context) and gives the principal to act as one of them:
 * {@code mvc.perform(get("/x").with(user(support.principal(u.username()))))}.
 */
@Component
public class AccountsTestSupport {

    /** A password that satisfies the policy; every user made here has it unless told otherwise. */
    public static final String PASSWORD = "correct horse battery staple";

    private final AccountService accounts;
    private final AccountUserDetailsService userDetails;
    private final JdbcTemplate jdbc;
    private final ApiTokenService tokens;

    AccountsTestSupport(
            AccountService accounts, AccountUserDetailsService userDetails, JdbcTemplate jdbc, ApiTokenService tokens) {
        this.accounts = accounts;
        this.userDetails = userDetails;
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    /** A personal API token of {@code owner} with {@code role}, valid for a day: its secret. */
    public String apiToken(UserView owner, Role role) {
        return tokens.create(owner.id(), new CreateApiToken("test", role, 1)).secret();
    }

    /** Stores a password hash as an older release would have (e.g. {@code {bcrypt}...}). */
    void setPasswordHash(long userId, String hash) {
        jdbc.update("update user_account set password_hash = ? where id = ?", hash, userId);
    }

    /** A name nobody used before in this JVM: {@code prefix-<random>}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a team with a unique name starting with {@code prefix}. */
    public TeamRef team(String prefix) {
        return accounts.createTeam(unique(prefix), "test");
    }

    /** Creates an enabled user with a unique name, {@link #PASSWORD}, the role and the teams. */
    public UserView user(String prefix, Role role, TeamRef... teams) {
        return userWithPassword(unique(prefix), PASSWORD, role, teams);
    }

    /** Creates an enabled user with exactly this name and password. */
    public UserView userWithPassword(String username, String password, Role role, TeamRef... teams) {
        Set<Long> ids = Arrays.stream(teams).map(TeamRef::id).collect(Collectors.toSet());
        return accounts.createUser(new CreateUser(username, null, role, ids, password), "test");
    }

    /**
     * The first admin ({@code admin}), as the bootstrap makes it on an empty database; made here with
     * {@code password} when missing, e.g. after {@code FirstAdminIntegrationTests} emptied the user table
     * of the shared database while the context was already running.
     */
    public UserView firstAdmin(String password) {
        return accounts.findUser("admin").orElseGet(() -> userWithPassword("admin", password, Role.ADMIN));
    }

    /** The principal Spring Security would hold after this user logged in. */
    public UserDetails principal(String username) {
        return userDetails.loadUserByUsername(username);
    }

    /** Disables or enables a user. */
    public void setEnabled(UserView user, boolean enabled) {
        accounts.updateUser(
                user.id(),
                new UpdateUser(
                        user.displayName(),
                        user.role(),
                        user.teams().stream().map(TeamRef::id).collect(Collectors.toSet()),
                        enabled),
                "test");
    }

    /** Lifts a lock. */
    public void unlock(long userId) {
        accounts.unlock(userId, "test");
    }

    /** The user as stored now. */
    public UserView reload(long userId) {
        return accounts.findUser(userId).orElseThrow();
    }
}
