package dev.mailward.accounts;

import java.time.Instant;
import java.util.List;

/**
 * A summary of the login attempts from one client address that were refused without a password
 * being checked (the address, the account from that address, or the account as a whole was
 * blocked or delayed), so that a flood of refused attempts becomes one audit entry per address
 * and minute instead of one per request.
 *
 * @param sourceAddress the client address, or {@code other addresses} when more distinct
 *     addresses were refused in the period than are tallied one by one
 * @param attempts how many attempts were refused
 * @param first the first refused attempt (UTC)
 * @param last the last refused attempt (UTC)
 * @param usernames some of the user names tried (at most a few, lower case)
 * @param otherNameAttempts how many of the attempts tried a user name not listed
 */
public record LoginsRefused(
        String sourceAddress,
        long attempts,
        Instant first,
        Instant last,
        List<String> usernames,
        int otherNameAttempts) {

    public LoginsRefused {
        usernames = List.copyOf(usernames);
    }
}
