package dev.mailward.configaudit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Postfix defaults of the parameters the audit judges, by compatibility level (resource
 * {@code postfix-defaults.tsv}), so that an unset parameter is judged by the value Postfix uses.
 */
final class PostfixDefaults {

    private record Row(String level, String value) {}

    private static final Map<String, List<Row>> TABLE = load();

    private PostfixDefaults() {}

    /** The default of {@code name} at {@code compatibilityLevel}, or empty when not in the table. */
    static Optional<String> value(String name, String compatibilityLevel) {
        List<Row> rows = TABLE.get(name);
        if (rows == null) {
            return Optional.empty();
        }
        String best = null;
        String bestLevel = null;
        for (Row r : rows) {
            if (compareLevels(r.level(), compatibilityLevel) <= 0
                    && (bestLevel == null || compareLevels(r.level(), bestLevel) >= 0)) {
                best = r.value();
                bestLevel = r.level();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Compares Postfix compatibility levels such as {@code 2}, {@code 3.6}, {@code 3.10}. */
    static int compareLevels(String a, String b) {
        String[] x = a.trim().split("\\.");
        String[] y = b.trim().split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0;
            int q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, List<Row>> load() {
        Map<String, List<Row>> table = new HashMap<>();
        try (InputStream in = PostfixDefaults.class.getResourceAsStream("postfix-defaults.tsv")) {
            if (in == null) {
                throw new IllegalStateException("postfix-defaults.tsv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                String value = f[2].equals("-") ? "" : f[2];
                table.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(f[1], value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
