package dev.mailward.accounts;

/**
 * A TOTP key waiting for its first code, as the enrolment page shows it (never stored in clear).
 *
 * @param secret the key in base32, for typing into an authenticator app
 * @param uri the {@code otpauth://} URI the QR code carries
 */
public record TotpEnrolment(String secret, String uri) {

    /** The key in groups of four characters, as it is easier to read and type (apps ignore the spaces). */
    public String secretInGroups() {
        return String.join(" ", secret.split("(?<=\\G.{4})"));
    }
}
