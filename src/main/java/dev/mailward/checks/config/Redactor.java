package dev.mailward.checks.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from an uploaded configuration before it is stored or shown: values of
 * password/secret/passphrase settings (Postfix map files, Dovecot, Rspamd), {@code password=}
 * and {@code bind_pw} inside SQL/LDAP {@code connect} strings, and PEM private key blocks. Map
 * and file references ({@code *_password_maps}, {@code ssl_key = </path>}) are kept: they are
 * not secrets and the audit needs them.
 */
public final class Redactor {

    /** The replacement written instead of a secret. */
    public static final String MASK = "<redacted>";

    /**
     * One removed secret.
     *
     * @param line the 1-based line
     * @param key the setting or kind, e.g. {@code password}, {@code private key}
     */
    public record Redaction(int line, String key) {
    }

    /** The redacted text and what was removed. */
    public record Redacted(String text, List<Redaction> redactions) {
        public Redacted {
            redactions = List.copyOf(redactions);
        }
    }

    private static final Pattern KEY_VALUE = Pattern.compile(
            "^(\\s*)(\"?)([A-Za-z0-9_.\\-]+)(\\2)(\\s*[=:]\\s*)(.*?)(\\s*[;,]?\\s*)$");
    // "token" only as the key's last word (token, api_token, auth_token): Rspamd's statistics
    // settings min_tokens, max_tokens and store_tokens are counts and switches, not secrets
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|_pass|^pass$|bind_pw|dnpass|api_key|apikey|token$|enable_password).*");
    private static final Pattern NOT_SECRET = Pattern.compile("(?i).*(_maps?|_file|_files|_path|_dir|_mechanisms|_scheme|_command)$");
    private static final Pattern INLINE = Pattern.compile(
            "(?i)(\\b(?:password|passwd|pass|pwd|bind_pw|dnpass|secret)\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^\\s;,\"']+)");
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----");

    static final int MAX_LINE = 16 * 1024;

    private Redactor() {
    }

    /**
     * Redacts {@code text}.
     *
     * @throws IllegalArgumentException when the text exceeds the bundle's caps or is binary (the
     *     message is {@link ConfigBundle#refusal}'s, naming the size); such uploads are refused
     */
    public static Redacted redact(String text) {
        ConfigBundle.refusal("upload", text).ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        List<String> lines = Lines.split(text);
        List<Redaction> done = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        boolean inKey = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int ln = i + 1;
            if (inKey) {
                if (l.contains("-----END") && l.contains("PRIVATE KEY-----")) {
                    inKey = false;
                    out.append(l, l.indexOf("-----END"), l.length()).append('\n');
                }
                continue;
            }
            if (l.length() > MAX_LINE) {
                // Too long to be a setting worth keeping; dropped whole rather than scanned slowly.
                done.add(new Redaction(ln, "overlong line"));
                out.append(MASK).append('\n');
                continue;
            }
            Matcher pem = PEM_BEGIN.matcher(l);
            if (pem.find()) {
                done.add(new Redaction(ln, "private key"));
                out.append(l, 0, pem.end()).append(MASK).append('\n');
                if (!l.substring(pem.end()).contains("-----END")) {
                    inKey = true;
                }
                continue;
            }
            Matcher kv = KEY_VALUE.matcher(l);
            if (kv.matches() && SECRET_KEY.matcher(kv.group(3)).matches() && !NOT_SECRET.matcher(kv.group(3)).matches()
                    && !kv.group(6).isEmpty() && !kv.group(6).startsWith("<") && !kv.group(6).equals(MASK)
                    && !kv.group(6).startsWith("# hidden")) {
                String v = kv.group(6);
                String quote = v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'")) ? v.substring(0, 1) : "";
                done.add(new Redaction(ln, kv.group(3).toLowerCase(Locale.ROOT)));
                out.append(kv.group(1)).append(kv.group(2)).append(kv.group(3)).append(kv.group(4)).append(kv.group(5))
                        .append(quote).append(MASK).append(quote).append(kv.group(7)).append('\n');
                continue;
            }
            Matcher in = INLINE.matcher(l);
            StringBuilder b = new StringBuilder();
            boolean any = false;
            while (in.find()) {
                any = true;
                done.add(new Redaction(ln, in.group(1).replaceAll("[\\s=]", "").toLowerCase(Locale.ROOT)));
                in.appendReplacement(b, Matcher.quoteReplacement(in.group(1) + MASK));
            }
            in.appendTail(b);
            out.append(any ? b : l).append('\n');
        }
        if (!text.endsWith("\n") && !text.endsWith("\r") && out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return new Redacted(out.toString(), done);
    }
}
