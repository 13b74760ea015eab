package dev.mailward.configaudit;

import java.util.Objects;
import java.util.Optional;

/**
 * An uploaded server configuration: the texts an operator pasted or uploaded, each optional.
 * Texts are judged as given (already redacted by {@link Redactor} on intake); nothing is read from
 * disk and nothing is executed.
 *
 * @param server the server's display name, used in the target {@code config:<server>}
 * @param mainCf {@code postconf -n} output or a {@code main.cf}
 * @param masterCf {@code postconf -M} (or {@code -Mf}) output or a {@code master.cf}
 * @param doveconf {@code doveconf -n} output (or a flattened {@code dovecot.conf})
 * @param rspamd {@code rspamadm configdump} output
 */
public record ConfigBundle(
        String server,
        Optional<String> mainCf,
        Optional<String> masterCf,
        Optional<String> doveconf,
        Optional<String> rspamd) {

    /** Largest accepted text per file, in UTF-16 chars (about 2 MiB of ASCII). */
    public static final int MAX_CHARS = 2 * 1024 * 1024;
    /** Most physical lines accepted per file. */
    public static final int MAX_LINES = 50_000;

    public ConfigBundle {
        Objects.requireNonNull(server, "server");
        mainCf = Objects.requireNonNullElse(mainCf, Optional.empty());
        masterCf = Objects.requireNonNullElse(masterCf, Optional.empty());
        doveconf = Objects.requireNonNullElse(doveconf, Optional.empty());
        rspamd = Objects.requireNonNullElse(rspamd, Optional.empty());
    }

    /** A bundle from nullable texts (null = not uploaded). */
    public static ConfigBundle of(String server, String mainCf, String masterCf, String doveconf, String rspamd) {
        return new ConfigBundle(
                server,
                Optional.ofNullable(mainCf),
                Optional.ofNullable(masterCf),
                Optional.ofNullable(doveconf),
                Optional.ofNullable(rspamd));
    }

    /**
     * The number of lines of {@code text}: a line ends with a newline or with the end of the text,
     * so a trailing newline does not start another line ("a\nb\n" and "a\nb" both have 2).
     */
    public static int lineCount(String text) {
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                newlines++;
            }
        }
        return text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? newlines : newlines + 1;
    }

    /**
     * Why a text is refused before parsing (too large, too many lines, binary), or empty when it
     * may be parsed. The message names the file and the offending size.
     */
    public static Optional<String> refusal(String file, String text) {
        if (text.length() > MAX_CHARS) {
            return Optional.of(file + " is " + text.length() + " characters (limit " + MAX_CHARS + "); not parsed");
        }
        int lines = lineCount(text);
        int controls = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Optional.of(file + " contains a NUL byte at offset " + i
                        + ": binary data, not a configuration text; not parsed");
            } else if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == '\uFFFD') {
                controls++;
            }
        }
        if (lines > MAX_LINES) {
            return Optional.of(file + " has " + lines + " lines (limit " + MAX_LINES + "); not parsed");
        }
        if (controls > 16 && controls * 100L > text.length()) {
            return Optional.of(file + " has " + controls
                    + " control or undecodable characters: binary data, not a configuration text; not parsed");
        }
        return Optional.empty();
    }
}
