package dev.mailward.configaudit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code doveconf -n} output (or a flattened {@code dovecot.conf}): settings and nested
 * sections {@code type [name] { ... }} (protocol, service, plugin, passdb, namespace, ...), with
 * line numbers. Understands both Dovecot 2.3 and 2.4 names; {@code !include} lines are recorded,
 * not followed. Nesting is bounded.
 */
public final class DovecotConfig {

    /** One {@code key = value} with its 1-based line. */
    public record Setting(String key, String value, int line, String text) {}

    /**
     * One section. The root section has type {@code ""}.
     *
     * @param type e.g. {@code protocol}, {@code service}, {@code plugin}, {@code inet_listener}
     * @param name the filter or name, e.g. {@code imap}, {@code imap-login}; empty when none
     */
    public record Section(String type, String name, int line, List<Setting> settings, List<Section> children) {

        /** The last setting of {@code key} directly in this section. */
        public Optional<Setting> setting(String key) {
            Setting found = null;
            for (Setting s : settings) {
                if (s.key().equals(key)) {
                    found = s;
                }
            }
            return Optional.ofNullable(found);
        }

        public List<Section> children(String type) {
            return children.stream().filter(c -> c.type().equals(type)).toList();
        }

        public Optional<Section> child(String type, String name) {
            return children.stream()
                    .filter(c -> c.type().equals(type) && c.name().equals(name))
                    .findFirst();
        }
    }

    static final int MAX_DEPTH = 32;
    static final int MAX_HEREDOC_LINES = 1000;
    static final int MAX_LINE = 16 * 1024;
    private static final Pattern SECTION = Pattern.compile(
            "([A-Za-z0-9_.-]+)(?:\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|[^{}\\s\"][^{}\"]*?))?\\s*\\{\\s*(\\}?)");
    private static final Pattern SETTING = Pattern.compile("([A-Za-z0-9_./-]+)\\s*=\\s*(.*)");
    private static final Pattern VERSION = Pattern.compile("^#\\s*(\\d+\\.\\d+(?:\\.\\d+)*)\\b");

    private final Section root;
    private final List<ParseProblem> problems;
    private final List<Setting> includes;
    private final Optional<String> version;

    private DovecotConfig(Section root, List<ParseProblem> problems, List<Setting> includes, Optional<String> version) {
        this.root = root;
        this.problems = problems;
        this.includes = includes;
        this.version = version;
    }

    public Section root() {
        return root;
    }

    public List<ParseProblem> problems() {
        return List.copyOf(problems);
    }

    public List<Setting> includes() {
        return List.copyOf(includes);
    }

    /** The version from doveconf's header comment or {@code dovecot_config_version}. */
    public Optional<String> version() {
        if (version.isPresent()) {
            return version;
        }
        return root.setting("dovecot_config_version").map(Setting::value);
    }

    /** Whether this is Dovecot 2.4 syntax (version, or 2.4-only names in use). */
    public boolean is24() {
        Optional<String> v = version();
        if (v.isPresent()) {
            return !v.get().startsWith("2.3")
                    && !v.get().startsWith("2.2")
                    && !v.get().startsWith("2.1");
        }
        return root.setting("auth_allow_cleartext").isPresent()
                || root.setting("ssl_server_cert_file").isPresent();
    }

    /** A top-level setting. */
    public Optional<Setting> top(String key) {
        return root.setting(key);
    }

    /** Parses {@code text} (already within the bundle's caps). */
    public static DovecotConfig parse(String text) {
        String file = LineRef.DOVECOT;
        List<ParseProblem> problems = new ArrayList<>();
        List<Setting> includes = new ArrayList<>();
        Optional<String> version = Optional.empty();
        Deque<Builder> stack = new ArrayDeque<>();
        Builder root = new Builder("", "", 0);
        stack.push(root);
        List<String> lines = Lines.split(text);
        boolean truncated = false;
        for (int i = 0; i < lines.size(); i++) {
            int ln = i + 1;
            String raw = lines.get(i);
            String l = raw.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.length() > MAX_LINE) {
                problems.add(new ParseProblem(
                        file, ln, "line is " + l.length() + " characters long (limit " + MAX_LINE + "); skipped"));
                continue;
            }
            if (l.startsWith("#")) {
                Matcher v = VERSION.matcher(l);
                if (ln <= 3 && version.isEmpty() && v.find()) {
                    version = Optional.of(v.group(1));
                }
                continue;
            }
            if (l.startsWith("!include")) {
                includes.add(new Setting(
                        l.startsWith("!include_try") ? "!include_try" : "!include",
                        l.replaceFirst("^!include(_try)?\\s*", ""),
                        ln,
                        Lines.excerpt(raw)));
                continue;
            }
            if (l.equals("}")) {
                if (stack.size() == 1) {
                    problems.add(new ParseProblem(file, ln, "'}' without an open section"));
                } else {
                    Builder done = stack.pop();
                    stack.peek().children.add(done.build());
                }
                continue;
            }
            Matcher s = SETTING.matcher(l);
            if (s.matches()) {
                String value = s.group(2).strip();
                if (value.startsWith("<<")) {
                    String tag = value.substring(2).strip();
                    StringBuilder body = new StringBuilder();
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).strip().equals(tag) && j - i <= MAX_HEREDOC_LINES) {
                        body.append(body.isEmpty() ? "" : "\n").append(lines.get(j));
                        j++;
                    }
                    if (tag.isEmpty() || j >= lines.size() || j - i > MAX_HEREDOC_LINES) {
                        problems.add(new ParseProblem(file, ln, "unterminated heredoc '" + Lines.excerpt(value) + "'"));
                        break;
                    }
                    value = body.toString();
                    i = j;
                }
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    // doveconf quotes values with leading/trailing spaces, e.g. mail_plugins = " sieve"
                    value = value.substring(1, value.length() - 1)
                            .replace("\\\"", "\"")
                            .strip();
                }
                stack.peek().settings.add(new Setting(s.group(1), value, ln, Lines.excerpt(raw)));
                continue;
            }
            Matcher sec = SECTION.matcher(l);
            if (sec.matches()) {
                if (stack.size() > MAX_DEPTH) {
                    problems.add(new ParseProblem(
                            file, ln, "sections nested deeper than " + MAX_DEPTH + " levels; rest of file not parsed"));
                    truncated = true;
                    break;
                }
                String name = sec.group(2) == null ? "" : sec.group(2).strip();
                if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                    name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
                }
                Builder b = new Builder(sec.group(1), name, ln);
                if (sec.group(3).equals("}")) {
                    stack.peek().children.add(b.build());
                } else {
                    stack.push(b);
                }
                continue;
            }
            problems.add(new ParseProblem(
                    file, ln, "expected 'key = value', 'section [name] {' or '}', found '" + Lines.excerpt(l) + "'"));
        }
        while (stack.size() > 1) {
            Builder open = stack.pop();
            if (!truncated) {
                problems.add(new ParseProblem(
                        file,
                        open.line,
                        "section '" + Lines.excerpt((open.type + " " + open.name).strip())
                                + "' opened here is never closed"));
            }
            stack.peek().children.add(open.build());
        }
        return new DovecotConfig(root.build(), problems, includes, version);
    }

    private static final class Builder {
        final String type;
        final String name;
        final int line;
        final List<Setting> settings = new ArrayList<>();
        final List<Section> children = new ArrayList<>();

        Builder(String type, String name, int line) {
            this.type = type;
            this.name = name;
            this.line = line;
        }

        Section build() {
            return new Section(type, name, line, List.copyOf(settings), List.copyOf(children));
        }
    }
}
