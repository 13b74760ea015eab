package dev.mailward.accounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The password rules: at least {@value #MIN_LENGTH} characters (code points), at most
 * {@value #MAX_LENGTH}, not the user name and not on the bundled list of commonly used or
 * breached passwords ({@value #COMMON_PASSWORDS}, the 100,000 most frequent of a published list;
 * both compared ignoring case and surrounding white space). Length and a blocklist beat
 * composition rules (NIST SP 800-63B §5.1.1.2): no "one digit, one symbol" requirements.
 */
public final class PasswordPolicy {

    /** Minimum number of characters. */
    public static final int MIN_LENGTH = 12;
    /** Maximum number of characters; bounds the work of the hash function. */
    public static final int MAX_LENGTH = 256;
    /** The list of commonly used passwords on the class path: gzip, UTF-8, one lower-cased entry a line. */
    static final String COMMON_PASSWORDS = "/accounts/common-passwords.txt.gz";

    /** Why a password was refused; each reason has a message key. */
    public enum Violation {
        TOO_SHORT("accounts.password.too-short"),
        TOO_LONG("accounts.password.too-long"),
        SAME_AS_USERNAME("accounts.password.same-as-username"),
        COMMON("accounts.password.common");

        private final String messageKey;

        Violation(String messageKey) {
            this.messageKey = messageKey;
        }

        /** Message key in {@code messages/accounts.properties}; argument 0 is the limit. */
        public String messageKey() {
            return messageKey;
        }
    }

    private PasswordPolicy() {}

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
        if (password != null
                && username != null
                && !username.isBlank()
                && password.strip()
                        .toLowerCase(Locale.ROOT)
                        .equals(username.strip().toLowerCase(Locale.ROOT))) {
            violations.add(Violation.SAME_AS_USERNAME);
        }
        if (length >= MIN_LENGTH && length <= MAX_LENGTH && CommonPasswords.SET.contains(normalize(password))) {
            violations.add(Violation.COMMON);
        }
        return List.copyOf(violations);
    }

    private static String normalize(String password) {
        return password.strip().toLowerCase(Locale.ROOT);
    }

    /** Loaded on first use, once; entries shorter than the length rule are left out, it refuses them anyway. */
    private static final class CommonPasswords {

        static final Set<String> SET = load();

        private static Set<String> load() {
            Set<String> set = new HashSet<>(1024);
            try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
                if (in == null) {
                    throw new IllegalStateException("the list of common passwords " + COMMON_PASSWORDS + " is missing");
                }
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String entry = normalize(line);
                    if (entry.codePointCount(0, entry.length()) >= MIN_LENGTH) {
                        set.add(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the list of common passwords " + COMMON_PASSWORDS, e);
            }
            return Set.copyOf(set);
        }
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
