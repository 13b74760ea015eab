package dev.mailward.inventory;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.CreateUser;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.testdns.SharedTestDns;
import dev.mailward.testdns.TestDnsServer;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Base of the inventory's context tests: the shared integration-test context, resolving through the
 * JVM's loopback {@link TestDnsServer} (each test adds its own zones), and helpers to create teams and
 * users and act as them.
 */
@MailwardIntegrationTest
abstract class InventoryTestSupport {

    static final String ADMIN_PASSWORD = "Inventory-Admin-Passphrase-42";
    static final TestDnsServer DNS = SharedTestDns.SERVER;

    @Autowired
    protected InventoryService inventory;

    @Autowired
    protected Accounts accounts;

    @Autowired
    protected UserDetailsService users;

    @Autowired
    AccountsTestSupport support;

    /** The first admin, whom the helpers act as (made again if a test emptied the user table). */
    @BeforeEach
    void firstAdmin() {
        support.firstAdmin(ADMIN_PASSWORD);
    }

    @AfterEach
    void logout() {
        SecurityContextHolder.clearContext();
    }

    /** A name no other test uses. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void loginAs(String username) {
        UserDetails u = users.loadUserByUsername(username);
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
    }

    void asAdmin() {
        loginAs("admin");
    }

    /** Creates a team (as admin) and returns its id; leaves the admin logged in. */
    long team(String name) {
        asAdmin();
        return accounts.teams().stream()
                .filter(t -> t.name().equalsIgnoreCase(name))
                .map(TeamRef::id)
                .findFirst()
                .orElseGet(() -> accounts.createTeam(name).id());
    }

    /** Creates a user (as admin) in the given teams and returns the user name. */
    String user(String name, Role role, long... teamIds) {
        asAdmin();
        Set<Long> teams = Arrays.stream(teamIds).boxed().collect(Collectors.toSet());
        accounts.createUser(new CreateUser(name, name, role, teams, "Correct-Horse-Battery-" + name));
        return name;
    }
}
