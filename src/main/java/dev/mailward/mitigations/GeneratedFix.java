package dev.mailward.mitigations;

import java.util.Objects;

/**
 * A fix generated for one domain: ready-to-paste content and what it does.
 *
 * @param title what it is, e.g. "SPF record for example.org"
 * @param language how to read the content: {@code dns} (zone file lines), {@code text} (a file such as an
 *     MTA-STS policy), {@code postfix} ({@code main.cf} lines), {@code dovecot} (Dovecot configuration lines)
 * @param content the record(s) or file, exactly as to be published
 * @param explanation why it looks like this and what to check before publishing (limits it could not meet)
 */
public record GeneratedFix(String title, String language, String content, String explanation) {

    public GeneratedFix {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(explanation, "explanation");
    }
}
