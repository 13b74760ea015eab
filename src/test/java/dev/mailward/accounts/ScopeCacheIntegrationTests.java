package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.MailwardIntegrationTest;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The acting user's scope is read from the database once per {@code mailward.accounts.scope-cache-ttl}, not
 * for every page; an edit on this instance still takes effect on the next page, and one made by another
 * instance (straight in the database) after the TTL. The list of all teams likewise.
 */
@MailwardIntegrationTest
class ScopeCacheIntegrationTests {

    @Autowired
    Accounts accounts;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    AccountsProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountService service;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private void signIn(UserView user) {
        UserDetails principal = support.principal(user.username());
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }

    @Test
    void anEditOnThisInstanceTakesEffectOnTheNextRead() {
        TeamRef a = support.team("cache-a");
        TeamRef b = support.team("cache-b");
        UserView op = support.user("cached", Role.OPERATOR, a);
        signIn(op);
        assertThat(accounts.currentScope().teamIds()).containsExactly(a.id());
        support.setEnabled(
                new UserView(
                        op.id(),
                        op.username(),
                        op.displayName(),
                        Role.AUDITOR,
                        java.util.List.of(b),
                        true,
                        op.createdAt(),
                        op.lastLoginAt(),
                        op.lockedUntil()),
                true);
        AccessScope now = accounts.currentScope();
        assertThat(now.teamIds()).containsExactly(b.id());
        assertThat(now.role()).isEqualTo(Role.AUDITOR);
    }

    @Test
    void anotherInstancesEditShowsAfterTheTtlAndNotForEveryRead() {
        TeamRef a = support.team("cache-c");
        TeamRef b = support.team("cache-d");
        UserView op = support.user("elsewhere", Role.OPERATOR, a);
        signIn(op);
        long read = System.nanoTime();
        assertThat(accounts.currentScope().teamIds()).containsExactly(a.id());
        // another console instance on the same database moves the user to team b
        jdbc.update("update user_team set team_id = ? where user_id = ?", b.id(), op.id());
        Set<Long> teams = accounts.currentScope().teamIds();
        if (System.nanoTime() - read < properties.scopeCacheTtl().toNanos()) { // not when the machine stalled
            assertThat(teams).as("kept for the TTL").containsExactly(a.id());
        }
        await().atMost(properties.scopeCacheTtl().plus(Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(200))
                .pollInSameThread() // the signed-in user is thread-local
                .until(() -> accounts.currentScope().teamIds(), Set.of(b.id())::equals);
    }

    @Test
    void aTeamCreatedOrRenamedHereIsListedAtOnceOneAddedElsewhereAfterTheTtl() {
        accounts.teams(); // cached
        TeamRef t = support.team("listed");
        assertThat(accounts.teams()).contains(t);
        String renamed = "renamed-" + UUID.randomUUID();
        service.renameTeam(t.id(), renamed, "test");
        long read = System.nanoTime();
        assertThat(accounts.teams()).extracting(TeamRef::name).contains(renamed).doesNotContain(t.name());
        // another console instance on the same database creates a team
        String elsewhere = "elsewhere-" + UUID.randomUUID();
        jdbc.update("insert into team (name, created_at) values (?, now())", elsewhere);
        var teams = accounts.teams();
        if (System.nanoTime() - read < properties.scopeCacheTtl().toNanos()) { // not when the machine stalled
            assertThat(teams).as("kept for the TTL").extracting(TeamRef::name).doesNotContain(elsewhere);
        }
        await().atMost(properties.scopeCacheTtl().plus(Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> accounts.teams().stream().anyMatch(x -> x.name().equals(elsewhere)));
    }
}
