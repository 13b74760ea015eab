package dev.mailward.accounts;

import org.springframework.security.core.Authentication;

/** What the second step of a sign-in came to. */
public sealed interface SecondStepOutcome {

    /** The code was right; the session may be authenticated with this authentication. */
    record Passed(SecondFactorMethod method, Authentication authentication) implements SecondStepOutcome {}

    /** A wrong, reused or malformed code: try again. */
    record Refused() implements SecondStepOutcome {}

    /** Too many failures (or the password step too long ago): back to the login page, {@code target}. */
    record Restart(String target) implements SecondStepOutcome {}
}
