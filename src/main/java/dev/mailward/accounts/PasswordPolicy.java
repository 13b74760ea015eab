package dev.mailward.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The password rules: at least {@value #MIN_LENGTH} characters (code points), at most
 * {@value #MAX_LENGTH}, and not the user name (ignoring case). Length beats composition rules
 * (NIST SP 800-63B §5.1.1.2): no "one digit, one symbol" requirements.
 */
public final class PasswordPolicy {

    /** Minimum number of characters. */
    public static final int MIN_LENGTH = 12;
    /** Maximum number of characters; bounds the work of the hash function. */
    public static final int MAX_LENGTH = 256;

    /** Why a password was refused; each reason has a message key. */
    public enum Violation {
        TOO_SHORT("accounts.password.too-short"),
        TOO_LONG("accounts.password.too-long"),
        SAME_AS_USERNAME("accounts.password.same-as-username");

        private final String messageKey;

        Violation(String messageKey) {
            this.messageKey = messageKey;
        }

        /** Message key in {@code messages/accounts.properties}; argument 0 is the limit. */
        public String messageKey() {
            return messageKey;
        }
    }

    private PasswordPolicy() {
    }

    /** Every rule the password breaks, in a stable order; empty when it is acceptable. */
    public static List<Violation> check(String username, String password) {
        List<Violation> violations = new ArrayList<>();
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            violations.add(Violation.TOO_SHORT);
        }
        if (length > MAX_LENGTH) {
            violations.add(Violation.TOO_LONG);
        }
        if (password != null && username != null && !username.isBlank()
                && password.strip().toLowerCase(Locale.ROOT).equals(username.strip().toLowerCase(Locale.ROOT))) {
            violations.add(Violation.SAME_AS_USERNAME);
        }
        return List.copyOf(violations);
    }

    /** Throws {@link AccountChangeRejected} (field {@code password}) naming the first broken rule. */
    static void enforce(String username, String password) {
        List<Violation> violations = check(username, password);
        if (!violations.isEmpty()) {
            Violation v = violations.getFirst();
            int limit = v == Violation.TOO_LONG ? MAX_LENGTH : MIN_LENGTH;
            throw new AccountChangeRejected("password", v.messageKey(), "password refused: " + v, limit);
        }
    }
}
