package dev.mailward.accounts;

import org.springframework.security.core.AuthenticationException;

/** Local password sign-in is switched off and the account is not a break-glass one. */
final class PasswordSignInClosedException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    PasswordSignInClosedException() {
        super("password sign-in is switched off for this account");
    }
}
