package dev.mailward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which module owns which table, derived from the migrations, and which SQL of the main code touches
 * which table: the helper of {@link ArchitectureTests}'s table-ownership rule.
 *
 * <p>Ownership: a migration is named {@code V<n>__<module>_<what>.sql}, and the module in its name owns
 * the tables and views it creates ({@code V1__modulith…}: Spring Modulith's event registry; V6's
 * {@code scheduled_tasks}: scanning, which runs db-scheduler). A later migration of another module takes a
 * table over by saying so in the database, {@code comment on table t is 'Owned by the <module> module…'},
 * where {@code <module>} is the module in its own file name (V15: results takes over scanning's result
 * tables). A view is the published, read-only interface of its owner and is named
 * {@code <owner>_<what>_v}.
 *
 * <p>SQL: every string literal and text block of {@code src/main/java/dev/mailward/<module>/**}, searched
 * for the names after {@code from}, {@code join}, {@code into}, {@code update} and {@code table}. Only
 * names of tables and views the migrations create count, so English text in messages is no SQL.
 */
final class TableOwnership {

    static final Path MIGRATIONS = Path.of("db", "migration");
    static final Path MAIN = Path.of("src", "main", "java", "dev", "mailward");

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__([a-z]+)_.*\\.sql");
    private static final Pattern CREATE = Pattern.compile(
            "\\bcreate\\s+(?:or\\s+replace\\s+)?(table|view)\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern TAKE_OVER =
            Pattern.compile("\\bcomment\\s+on\\s+table\\s+([a-z_][a-z0-9_]*)\\s+is\\s+'owned by the ([a-z]+) module");
    private static final Pattern READ = Pattern.compile("\\b(?:from|join|table)\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern WRITE =
            Pattern.compile("\\b(?:insert\\s+into|update|delete\\s+from|truncate(?:\\s+table)?)\\s+([a-z_][a-z0-9_]*)");

    /** A table or view and the module that owns it. */
    record Relation(String name, String owner, boolean view) {}

    /** One use of a relation by a class of a module. */
    record Use(String module, String file, String relation, boolean write, String sql) {
        @Override
        public String toString() {
            return module + " " + file + (write ? " writes " : " reads ") + relation + ": " + abbreviate(sql);
        }
    }

    private TableOwnership() {}

    /** The relations the migrations create, by name, with their owner after every take-over. */
    static Map<String, Relation> relations(Path migrations) {
        Map<String, Relation> out = new LinkedHashMap<>();
        for (Path file : migrations(migrations)) {
            Matcher name = MIGRATION.matcher(file.getFileName().toString());
            if (!name.matches()) {
                throw new IllegalStateException(file + " is not named V<n>__<module>_<what>.sql");
            }
            String module = name.group(2);
            String sql = withoutSqlComments(read(file)).toLowerCase(Locale.ROOT);
            Matcher c = CREATE.matcher(sql);
            while (c.find()) {
                out.put(c.group(2), new Relation(c.group(2), module, c.group(1).equals("view")));
            }
            Matcher t = TAKE_OVER.matcher(sql);
            while (t.find()) {
                Relation r = out.get(t.group(1));
                if (r == null || !t.group(2).equals(module)) {
                    throw new IllegalStateException(file + ": only an existing table can be taken over, and only by "
                            + "the module of the migration: " + t.group());
                }
                out.put(r.name(), new Relation(r.name(), module, r.view()));
            }
        }
        return out;
    }

    /** Every use of a known relation in the string literals of the main code, by module. */
    static List<Use> uses(Path main, Map<String, Relation> relations) {
        List<Use> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path relative = main.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // dev/mailward/MailwardApplication.java: no module
                }
                String module = relative.getName(0).toString();
                for (String literal : literals(read(file))) {
                    out.addAll(uses(module, relative.toString(), literal, relations));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The uses of known relations in one piece of SQL. */
    static List<Use> uses(String module, String file, String literal, Map<String, Relation> relations) {
        List<Use> out = new ArrayList<>();
        String sql = literal.toLowerCase(Locale.ROOT);
        Matcher w = WRITE.matcher(sql);
        while (w.find()) {
            if (relations.containsKey(w.group(1))) {
                out.add(new Use(module, file, w.group(1), true, literal));
            }
        }
        Matcher r = READ.matcher(sql);
        while (r.find()) {
            if (relations.containsKey(r.group(1))) {
                out.add(new Use(module, file, r.group(1), false, literal));
            }
        }
        return out;
    }

    /**
     * Whether a use breaks the rule: another module's table, or a write through another module's view.
     * {@code exempt}: class file name → relations it may use anyway.
     */
    static boolean violates(Use use, Map<String, Relation> relations, Map<String, Set<String>> exempt) {
        Relation r = relations.get(use.relation());
        if (r.owner().equals(use.module())) {
            return false;
        }
        String simpleName = Path.of(use.file()).getFileName().toString().replace(".java", "");
        if (exempt.getOrDefault(simpleName, Set.of()).contains(r.name())) {
            return false;
        }
        return !r.view() || use.write();
    }

    /** The string literals and text blocks of Java source (their content, escapes left as written). */
    static List<String> literals(String java) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
                i = lineEnd(java, i);
            } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !java.startsWith("\"\"\"", end)) {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                out.add(java.substring(i + 3, Math.min(end, n)));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && java.charAt(end) != c) {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    out.add(java.substring(i + 1, Math.min(end, n)));
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    private static int lineEnd(String s, int from) {
        int end = s.indexOf('\n', from);
        return end < 0 ? s.length() : end;
    }

    private static String withoutSqlComments(String sql) {
        return sql.replaceAll("--[^\n]*", "");
    }

    private static List<Path> migrations(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .sorted(Comparator.comparingInt(TableOwnership::version))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path migration) {
        Matcher m = MIGRATION.matcher(migration.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").strip();
        return s.length() <= 140 ? s : s.substring(0, 139) + "…";
    }
}
