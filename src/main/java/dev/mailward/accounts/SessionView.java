package dev.mailward.accounts;

import java.time.Instant;

/**
 * One of a user's console sessions, as their account page lists it.
 *
 * @param handle names the session in "sign out" requests: the SHA-256 digest of its id (hex), never the id
 * @param browser the browser and system, shortened from the {@code User-Agent} at sign-in (empty if unknown)
 * @param address the client address at sign-in (empty if unknown)
 * @param signedIn when the session began (UTC)
 * @param lastSeen its last request (UTC)
 * @param current whether it is the session of the request that asks
 */
public record SessionView(
        String handle, String browser, String address, Instant signedIn, Instant lastSeen, boolean current) {}
