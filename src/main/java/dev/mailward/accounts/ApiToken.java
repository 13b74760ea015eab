package dev.mailward.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A personal API token: only its SHA-256 is stored. Refers to its owner by id (the owner's role and
 * teams are read afresh on every use). Never deleted, only revoked, so that the audit trail and
 * the admin list keep it.
 */
@Entity
@Table(name = "api_token")
class ApiToken {

    static final int MAX_NAME = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(nullable = false, length = 16)
    private String prefix;

    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;

    @Column(nullable = false, length = MAX_NAME)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by", length = 64)
    private String revokedBy;

    protected ApiToken() {}

    ApiToken(
            long userId,
            String prefix,
            String tokenHash,
            String name,
            Role role,
            Instant createdAt,
            Instant expiresAt) {
        this.userId = userId;
        this.prefix = prefix;
        this.tokenHash = tokenHash;
        this.name = validName(name);
        this.role = role;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw new AccountChangeRejected("name", "accounts.token.name-invalid", "invalid token name", MAX_NAME);
        }
        return n;
    }

    /** Usable at {@code now}: neither revoked nor expired. */
    boolean active(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    /** Revokes; a second revocation changes nothing and answers {@code false}. */
    boolean revoke(Instant now, String actor) {
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        revokedBy = actor;
        return true;
    }

    Long id() {
        return id;
    }

    long userId() {
        return userId;
    }

    String prefix() {
        return prefix;
    }

    String tokenHash() {
        return tokenHash;
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Optional<Instant> lastUsedAt() {
        return Optional.ofNullable(lastUsedAt);
    }

    Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }
}
