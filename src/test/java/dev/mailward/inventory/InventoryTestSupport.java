package dev.mailward.inventory;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CreateUser;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.testdns.TestDnsServer;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the inventory's context tests: one shared context on the shared embedded PostgreSQL,
 * resolving through one loopback {@link TestDnsServer} (each test adds its own zones), and helpers
 * to create teams and users and act as them.
 */
@SpringBootTest
abstract class InventoryTestSupport {

    static final String ADMIN_PASSWORD = "Inventory-Admin-Passphrase-42";
    static final TestDnsServer DNS = SharedDns.SERVER;

    @Autowired
    protected InventoryService inventory;
    @Autowired
    protected Accounts accounts;
    @Autowired
    protected UserDetailsService users;

    @DynamicPropertySource
    static void dns(DynamicPropertyRegistry registry) {
        dnsProperties(registry, DNS);
        registry.add("mailward.accounts.admin-password", () -> ADMIN_PASSWORD);
    }

    static void dnsProperties(DynamicPropertyRegistry registry, TestDnsServer server) {
        registry.add("mailward.dns.resolvers", () -> "127.0.0.1:" + server.port());
        registry.add("mailward.dns.timeout", () -> "300ms");
        registry.add("mailward.dns.retries", () -> "0");
        registry.add("mailward.dns.dnssec-mode", () -> "TRUST_AD");
        // every discovery must see the zones as the test left them
        registry.add("mailward.dns.cache-max-entries", () -> "0");
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
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
    }

    void asAdmin() {
        loginAs("admin");
    }

    /** Creates a team (as admin) and returns its id; leaves the admin logged in. */
    long team(String name) {
        asAdmin();
        return accounts.teams().stream().filter(t -> t.name().equalsIgnoreCase(name)).map(TeamRef::id).findFirst()
                .orElseGet(() -> accounts.createTeam(name).id());
    }

    /** Creates a user (as admin) in the given teams and returns the user name. */
    String user(String name, Role role, long... teamIds) {
        asAdmin();
        Set<Long> teams = Arrays.stream(teamIds).boxed().collect(Collectors.toSet());
        accounts.createUser(new CreateUser(name, name, role, teams, "Correct-Horse-Battery-" + name));
        return name;
    }

    static final class SharedDns {
        static final TestDnsServer SERVER = TestDnsServer.start();

        private SharedDns() {
        }
    }
}
