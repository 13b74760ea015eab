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

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(name = "display_name", nullable = false, length = 200)
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

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @Column(name = "password_changed_at", nullable = false)
    private Instant passwordChangedAt;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "failure_window_start")
    private Instant failureWindowStart;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "session_epoch", nullable = false)
    private long sessionEpoch;

    @Version
    private long version;

    protected UserAccount() {
    }

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
        if (d.length() > 200 || d.chars().anyMatch(Character::isISOControl)) {
            throw new AccountChangeRejected("displayName", "accounts.user.display-name-invalid", "invalid display name");
        }
        return d.isEmpty() ? username : d;
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
        sessionEpoch++;
    }

    /** The same password hashed again with the current encoder (on login): nothing else changes. */
    void rehashPassword(String newHash) {
        this.passwordHash = newHash;
    }

    /** Locked at {@code now}? A lock whose time has passed no longer counts. */
    Optional<Instant> lockedUntil(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now) ? Optional.of(lockedUntil) : Optional.empty();
    }

    /**
     * Counts a failed login. Failures older than the window are forgotten; reaching the limit
     * locks the account for the lockout duration and starts counting afresh.
     *
     * @return the end of the lock when this failure caused one
     */
    Optional<Instant> recordFailedLogin(Instant now, AccountsProperties.Lockout policy) {
        if (failureWindowStart == null || !failureWindowStart.plus(policy.window()).isAfter(now)) {
            failureWindowStart = now;
            failedLogins = 0;
        }
        failedLogins++;
        if (failedLogins >= policy.maxFailures()) {
            lockedUntil = now.plus(policy.duration());
            failedLogins = 0;
            failureWindowStart = null;
            return Optional.of(lockedUntil);
        }
        return Optional.empty();
    }

    /** A correct password resets the failure count. */
    boolean resetFailures() {
        boolean changed = failedLogins != 0 || failureWindowStart != null;
        failedLogins = 0;
        failureWindowStart = null;
        return changed;
    }

    void recordLogin(Instant now) {
        this.lastLoginAt = now;
    }

    void unlock() {
        lockedUntil = null;
        resetFailures();
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
        return new AccountState(scope(), enabled, sessionEpoch);
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
