package dev.mailward.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * An API token as lists show it; never carries the secret or its hash.
 *
 * @param id token id
 * @param prefix public lookup id, the part after {@code mw_} in the token
 * @param name what the owner called it
 * @param role the role the token acts with (never higher than the owner's)
 * @param ownerId id of the user who owns it
 * @param ownerUsername that user's login name
 * @param createdAt when it was created (UTC)
 * @param expiresAt when it stops working (UTC)
 * @param lastUsedAt last authenticated request, recorded at most once a minute; empty if never
 * @param revokedAt when it was revoked, empty if not
 * @param active whether it works now (neither revoked nor expired)
 */
public record ApiTokenView(
        long id,
        String prefix,
        String name,
        Role role,
        long ownerId,
        String ownerUsername,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt,
        boolean active) {}
