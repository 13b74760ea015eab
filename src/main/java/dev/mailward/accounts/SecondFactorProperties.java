package dev.mailward.accounts;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the second factor of local accounts ({@code mailward.accounts.second-factor.*}).
 *
 * @param required who must have a second factor: {@code OPTIONAL} (default: whoever enrols), {@code ADMINS}
 *     or {@code ALL}; a user who must and has none reaches only the enrolment page (and sign-out) until they
 *     enrol
 * @param issuer the name authenticator apps show beside the account (default {@code Mailward})
 * @param secretKey base64 AES key (32 bytes) that encrypts the users' TOTP keys; set it from the environment
 *     and share it between replicas; empty = a key file {@code secretKeyFile}, generated on first use
 * @param secretKeyFile where the generated key lives (unset: {@code <mailward.data-dir>/accounts.key})
 */
@Validated
@ConfigurationProperties(prefix = "mailward.accounts.second-factor")
public record SecondFactorProperties(
        @DefaultValue("OPTIONAL") Requirement required,
        @DefaultValue("Mailward") String issuer,
        @DefaultValue("") String secretKey,
        Path secretKeyFile) {

    /** Who must have a second factor. */
    public enum Requirement {
        OPTIONAL,
        ADMINS,
        ALL;

        /** Whether a user of this role must have a second factor. */
        public boolean requiredFor(Role role) {
            return this == ALL || (this == ADMINS && role == Role.ADMIN);
        }
    }
}
