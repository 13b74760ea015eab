package dev.mailward.accounts;

/** How a second step of sign-in was passed or tried; its name is what the audit log shows. */
public enum SecondFactorMethod {
    TOTP,
    RECOVERY_CODE,
    /** A passkey (WebAuthn), as the second step or on its own (password-less sign-in). */
    PASSKEY
}
