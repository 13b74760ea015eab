package dev.mailward.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * A user's second factor as their account page shows it.
 *
 * @param enrolledAt when the TOTP key was confirmed; empty: no second factor
 * @param recoveryCodesLeft unused recovery codes
 * @param required whether the setting makes a second factor mandatory for this user
 */
public record SecondFactorStatus(Optional<Instant> enrolledAt, int recoveryCodesLeft, boolean required) {

    public boolean enrolled() {
        return enrolledAt.isPresent();
    }
}
