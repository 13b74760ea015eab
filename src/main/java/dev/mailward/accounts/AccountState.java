package dev.mailward.accounts;

/**
 * What every console request is judged on: the account as it is now, not as it was when the session
 * was opened.
 *
 * @param scope role and teams
 * @param enabled whether the account may act at all
 * @param sessionEpoch moves on when the account's open sessions must end (disabled, role lowered, password
 *     set); a session opened under another value is ended
 * @param mustChangePassword the password was generated (the first admin's, printed in the log): every console
 *     page sends the user to the change-password form until they set their own
 */
record AccountState(AccessScope scope, boolean enabled, long sessionEpoch, boolean mustChangePassword) {}
