package dev.mailward.accounts;

/**
 * A personal API token was revoked, by its owner or an admin.
 *
 * @param tokenId the token's id
 * @param prefix its public lookup id
 * @param name its name
 * @param ownerUsername login name of its owner
 * @param actor user name of who revoked it
 */
public record ApiTokenRevoked(long tokenId, String prefix, String name, String ownerUsername, String actor) {}
