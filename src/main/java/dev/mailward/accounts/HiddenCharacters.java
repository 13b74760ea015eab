package dev.mailward.accounts;

import java.util.Locale;
import java.util.Optional;

/**
 * Characters that change how a name looks without being seen: the Unicode bidirectional controls
 * (embeddings, overrides and isolates U+202A-202E and U+2066-2069, the marks U+200E, U+200F and
 * U+061C) and the zero-width characters (U+200B-200D, U+2060, U+FEFF). In a team name, a display
 * name or a tag they let "admins" read as another name, or reorder what is shown beside it
 * (Trojan Source, CVE-2021-42574), so such names are refused. Used by every module's name rules.
 */
public final class HiddenCharacters {

    private HiddenCharacters() {}

    /** The first hidden character of {@code text} as {@code U+XXXX}, or empty when it has none. */
    public static Optional<String> first(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isHidden(c)) {
                return Optional.of(String.format(Locale.ROOT, "U+%04X", (int) c));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code c} is a bidirectional control or a zero-width character. */
    public static boolean isHidden(char c) {
        return c >= '\u202A' && c <= '\u202E'
                || c >= '\u2066' && c <= '\u2069'
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C'
                || c >= '\u200B' && c <= '\u200D'
                || c == '\u2060'
                || c == '\uFEFF';
    }
}
