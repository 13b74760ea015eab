package dev.mailward.accounts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a single sign-on (an OpenID provider's verified ID token) into a console account: the groups in
 * {@code mailward.accounts.oidc.roles-claim} are looked up in the mapping table (highest role wins, teams add
 * up), the teams claim adds teams by name; the account is the one linked to the identity (issuer, subject),
 * else, once, a not yet linked account of the same user name or verified e-mail (never a break-glass account),
 * else a new one when {@code create-users} allows. The role and teams are synced at every sign-on. Refused: no
 * matching group, no account, a disabled account; each outcome is audited with the method and issuer.
 */
@Component
class OidcSignIn {

    /** Why a sign-on was refused; the login page says it in words ({@code accounts.login.sso.<code>}). */
    enum Refusal {
        NO_GROUP("no-group"),
        NO_ACCOUNT("no-account"),
        DISABLED("disabled");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** A refused sign-on. */
    static final class Refused extends RuntimeException {
        private final Refusal refusal;

        Refused(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);
    private static final Pattern NOT_IN_USERNAME = Pattern.compile("[^a-z0-9._@-]");

    private final OidcProperties properties;
    private final PasswordSignInProperties passwordSignIn;
    private final AccountService accounts;
    private final SignInRepository rows;
    private final LoginAttempts attempts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    OidcSignIn(
            OidcProperties properties,
            PasswordSignInProperties passwordSignIn,
            AccountService accounts,
            SignInRepository rows,
            LoginAttempts attempts,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.properties = properties;
        this.passwordSignIn = passwordSignIn;
        this.accounts = accounts;
        this.rows = rows;
        this.attempts = attempts;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /** What the groups grant: the highest role of the matching rows and their teams' names. */
    record Grant(Role role, Set<String> teamNames) {}

    /**
     * The account this identity signs in as, its role and teams synced from the claims; the sign-in is recorded
     * ({@link LoginSucceeded} with the method and issuer).
     *
     * @throws Refused when the claims grant no access, no account may be used, or the account is disabled (a
     *     {@link LoginFailed} is recorded)
     */
    AccountState signIn(String issuer, String subject, Map<String, Object> claims, String address) {
        String method = LoginSucceeded.oidc(issuer);
        String name = claimText(claims, "preferred_username").orElse(subject);
        Optional<Grant> grant = grant(claims);
        if (grant.isEmpty()) {
            // a linked account is named in the audit log as itself
            Optional<AccountState> linked = rows.linkedUser(issuer, subject).flatMap(accounts::state);
            throw refused(
                    linked.map(s -> s.scope().userId()).orElse(null),
                    linked.map(s -> s.scope().username()).orElse(name),
                    address,
                    method,
                    Refusal.NO_GROUP,
                    "no group of " + name + " grants access");
        }
        AccountState state;
        try {
            state = tx.execute(status -> account(issuer, subject, claims, grant.get(), method));
        } catch (Refused r) {
            tx.executeWithoutResult(status -> events.publishEvent(new LoginFailed(
                    null, LoginAttempts.normalize(name), address, r.refusal().code(), method)));
            throw r;
        }
        if (!state.enabled()) {
            throw refused(
                    state.scope().userId(),
                    state.scope().username(),
                    address,
                    method,
                    Refusal.DISABLED,
                    "the account " + state.scope().username() + " is disabled");
        }
        attempts.interactiveLogin(state.scope().userId(), address, method);
        log.info("{} signed in through {}", state.scope().username(), issuer);
        return state;
    }

    Optional<Grant> grant(Map<String, Object> claims) {
        List<String> groups = claimValues(claims.get(properties.rolesClaim()));
        Role role = null;
        Set<String> teams = new LinkedHashSet<>();
        for (OidcProperties.GroupMapping row : properties.groups()) {
            if (row.name() != null && row.role() != null && groups.contains(row.name())) {
                role = role == null || row.role().includes(role) ? row.role() : role;
                teams.addAll(row.teams());
            }
        }
        if (role == null) {
            return Optional.empty();
        }
        if (!properties.teamsClaim().isBlank()) {
            teams.addAll(claimValues(claims.get(properties.teamsClaim())));
        }
        return Optional.of(new Grant(role, teams));
    }

    private AccountState account(String issuer, String subject, Map<String, Object> claims, Grant grant, String actor) {
        Map<String, Long> teamIds = accounts.teamIdsByName(grant.teamNames());
        grant.teamNames().stream()
                .filter(t -> !teamIds.containsKey(t))
                .forEach(t -> log.debug("Single sign-on names team {}, which does not exist", t));
        Set<Long> teams = new HashSet<>(teamIds.values());
        String auditActor = actor.length() > 100 ? actor.substring(0, 100) : actor;
        Optional<Long> linked = rows.linkedUser(issuer, subject);
        if (linked.isPresent()) {
            rows.signedIn(issuer, subject, clock.instant());
            return accounts.syncFromSso(linked.get(), grant.role(), teams, auditActor);
        }
        for (String candidate : candidates(claims)) {
            Optional<AccountState> existing = accounts.stateByUsername(candidate);
            if (existing.isPresent()
                    && !passwordSignIn.isBreakGlass(candidate)
                    && !rows.linkedToIssuer(existing.get().scope().userId(), issuer)) {
                long id = existing.get().scope().userId();
                rows.link(issuer, subject, id, clock.instant());
                log.info("Account {} linked to {} of {}", candidate, subject, issuer);
                return accounts.syncFromSso(id, grant.role(), teams, auditActor);
            }
        }
        if (!properties.createUsers()) {
            throw new Refused(Refusal.NO_ACCOUNT, "no account for " + subject + " of " + issuer);
        }
        String base = candidates(claims).stream().findFirst().orElse("sso-" + Integer.toHexString(subject.hashCode()));
        for (int n = 1; n <= 9; n++) {
            String username = n == 1 ? base : trim(base, 61) + "-" + n;
            if (accounts.stateByUsername(username).isEmpty()) {
                AccountState created = createUser(username, claimText(claims, "name"), grant.role(), teams, auditActor);
                rows.link(issuer, subject, created.scope().userId(), clock.instant());
                return created;
            }
        }
        throw new Refused(Refusal.NO_ACCOUNT, "no free user name for " + base);
    }

    /** A display name the account rules would refuse (control or hidden characters, too long): the user name. */
    private AccountState createUser(
            String username, Optional<String> displayName, Role role, Set<Long> teams, String actor) {
        String display = displayName
                .filter(d -> d.length() <= UserAccount.MAX_DISPLAY_NAME
                        && d.chars().noneMatch(Character::isISOControl)
                        && HiddenCharacters.first(d).isEmpty())
                .orElse(username);
        return accounts.createSsoUser(username, display, role, teams, actor);
    }

    /** User names to match or create, in order: the preferred user name, then a verified e-mail address. */
    private static List<String> candidates(Map<String, Object> claims) {
        List<String> names = new ArrayList<>();
        claimText(claims, "preferred_username").map(OidcSignIn::username).ifPresent(names::add);
        if (Boolean.TRUE.equals(claims.get("email_verified")) || "true".equals(claims.get("email_verified"))) {
            claimText(claims, "email").map(OidcSignIn::username).ifPresent(names::add);
        }
        return names.stream().filter(u -> u.length() >= 2).distinct().toList();
    }

    private static String username(String raw) {
        String u = NOT_IN_USERNAME.matcher(LoginAttempts.normalize(raw)).replaceAll("-");
        while (!u.isEmpty() && !Character.isLetterOrDigit(u.charAt(0))) {
            u = u.substring(1);
        }
        return trim(u, 64);
    }

    private static String trim(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static Optional<String> claimText(Map<String, Object> claims, String name) {
        return Optional.ofNullable(claims.get(name))
                .map(Object::toString)
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    private static List<String> claimValues(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null).map(Object::toString).toList();
        }
        if (claim instanceof String s && !s.isBlank()) {
            return List.of(s.split("[,\\s]+"));
        }
        return List.of();
    }

    private Refused refused(Long userId, String name, String address, String method, Refusal refusal, String message) {
        log.info("Single sign-on refused: {}", message);
        // the audit listener runs after a commit
        tx.executeWithoutResult(status -> events.publishEvent(
                new LoginFailed(userId, LoginAttempts.normalize(name), address, refusal.code(), method)));
        return new Refused(refusal, message);
    }
}
