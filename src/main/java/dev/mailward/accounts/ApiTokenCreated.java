package dev.mailward.accounts;

import java.time.Instant;

/**
 * A personal API token was created.
 *
 * @param tokenId the token's id
 * @param prefix its public lookup id
 * @param name its name
 * @param role the role it acts with
 * @param ownerUsername login name of its owner
 * @param expiresAt when it expires (UTC)
 * @param actor user name of who created it (the owner)
 */
public record ApiTokenCreated(
        long tokenId, String prefix, String name, Role role, String ownerUsername, Instant expiresAt, String actor) {}
