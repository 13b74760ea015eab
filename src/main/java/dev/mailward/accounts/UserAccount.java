package dev.mailward.accounts;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A user; also carries the per-account login throttling state so that it survives restarts. */
@Entity
@Table(name = "user_account")
class UserAccount {

    /** The most teams a user may be a member of. */
    static final int MAX_TEAMS = 500;

    static final int MAX_DISPLAY_NAME = 200;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(name = "display_name", nullable = false, length = MAX_DISPLAY_NAME)
    private String displayName;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(nullable = false)
    private boolean enabled;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_team", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "team_id", nullable = false)
    private Set<Long> teamIds = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    // the login columns are written only by LoginThrottleRepository's statements (no version, no conflict)
    @Column(name = "last_login_at", updatable = false)
    private Instant lastLoginAt;

    @Column(name = "password_changed_at", nullable = false)
    private Instant passwordChangedAt;

    /** End of the delay between attempts on the account as a whole. */
    @Column(name = "locked_until", updatable = false)
    private Instant lockedUntil;

    /** Latest end of a lock of one client address of the account. */
    @Column(name = "source_locked_until", insertable = false, updatable = false)
    private Instant sourceLockedUntil;

    @Column(name = "session_epoch", nullable = false)
    private long sessionEpoch;

    /** A password someone else knows (generated, printed in the log): the user must set their own first. */
    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Version
    private long version;

    protected UserAccount() {}

    UserAccount(String username, String displayName, Role role, Set<Long> teamIds, String passwordHash, Instant now) {
        this.username = username;
        this.displayName = displayNameOr(displayName, username);
        this.role = role;
        this.teamIds = new HashSet<>(teamIds);
        this.passwordHash = passwordHash;
        this.enabled = true;
        this.createdAt = now;
        this.passwordChangedAt = now;
    }

    /** Lower-cases and checks a user name; throws {@link AccountChangeRejected} when unusable. */
    static String normalizeUsername(String raw) {
        String u = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(u).matches()) {
            throw new AccountChangeRejected("username", "accounts.user.username-invalid", "invalid user name: " + u);
        }
        return u;
    }

    private static String displayNameOr(String displayName, String username) {
        String d = displayName == null ? "" : displayName.strip();
        if (d.length() > MAX_DISPLAY_NAME || d.chars().anyMatch(Character::isISOControl)) {
            throw new AccountChangeRejected(
                    "displayName", "accounts.user.display-name-invalid", "invalid display name");
        }
        HiddenCharacters.first(d).ifPresent(c -> {
            throw new AccountChangeRejected(
                    "displayName",
                    "accounts.user.display-name-hidden",
                    "the display name contains the invisible or direction-changing character " + c,
                    c);
        });
        return d.isEmpty() ? username : d;
    }

    /**
     * The team ids of a command, copied; more than {@value #MAX_TEAMS} are refused before anything
     * is looked up (each id is checked against the database).
     */
    static Set<Long> teamIds(Set<Long> teamIds) {
        if (teamIds == null) {
            return Set.of();
        }
        if (teamIds.size() > MAX_TEAMS) {
            throw new AccountChangeRejected(
                    "teamIds",
                    "accounts.user.too-many-teams",
                    teamIds.size() + " teams given; at most " + MAX_TEAMS + " are accepted",
                    teamIds.size(),
                    MAX_TEAMS);
        }
        for (Long id : teamIds) {
            if (id == null) {
                throw new AccountChangeRejected("teamIds", "accounts.user.team-unknown", "unknown team null", "null");
            }
        }
        return Set.copyOf(teamIds);
    }

    /**
     * Applies an admin's edit. Disabling the account or lowering its role ends its open sessions (a raised
     * role or other teams apply to open sessions at their next request).
     */
    void update(UpdateUser cmd) {
        if ((enabled && !cmd.enabled()) || (cmd.role() != role && role.includes(cmd.role()))) {
            sessionEpoch++;
        }
        this.displayName = displayNameOr(cmd.displayName(), username);
        this.role = cmd.role();
        this.teamIds.clear();
        this.teamIds.addAll(cmd.teamIds());
        this.enabled = cmd.enabled();
    }

    /** A new password (set by an admin or by the user): ends every session opened with the old one. */
    void changePassword(String newHash, Instant now) {
        this.passwordHash = newHash;
        this.passwordChangedAt = now;
        this.mustChangePassword = false;
        sessionEpoch++;
    }

    /**
     * The password was generated and shown to whoever reads the log: every console page sends the user to the
     * change-password form until they set their own ({@link #changePassword} clears it).
     */
    void requirePasswordChange() {
        this.mustChangePassword = true;
    }

    boolean mustChangePassword() {
        return mustChangePassword;
    }

    /** The same password hashed again with the current encoder (on login): nothing else changes. */
    void rehashPassword(String newHash) {
        this.passwordHash = newHash;
    }

    /**
     * Locked at {@code now}, for everyone (the delay between attempts) or from some client address?
     * The later end of the two; a lock whose time has passed no longer counts.
     */
    Optional<Instant> lockedUntil(Instant now) {
        Instant until = lockedUntil;
        if (sourceLockedUntil != null && (until == null || sourceLockedUntil.isAfter(until))) {
            until = sourceLockedUntil;
        }
        return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    AccessScope scope() {
        return new AccessScope(id, username, role, teamIds);
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    String displayName() {
        return displayName;
    }

    String passwordHash() {
        return passwordHash;
    }

    boolean enabled() {
        return enabled;
    }

    Role role() {
        return role;
    }

    /** Moves on whenever the account's open sessions must end; see {@link AccountState}. */
    long sessionEpoch() {
        return sessionEpoch;
    }

    AccountState state() {
        return new AccountState(scope(), enabled, sessionEpoch, mustChangePassword);
    }

    Set<Long> teamIds() {
        return Set.copyOf(teamIds);
    }

    Instant createdAt() {
        return createdAt;
    }

    Optional<Instant> lastLoginAt() {
        return Optional.ofNullable(lastLoginAt);
    }
}
