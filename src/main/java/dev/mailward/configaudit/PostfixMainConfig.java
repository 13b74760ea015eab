package dev.mailward.configaudit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A parsed Postfix {@code main.cf} or {@code postconf -n} output: the explicit parameters (last
 * assignment wins, as in Postfix) with their raw values and origin lines, the parse problems, and
 * values expanded the way Postfix expands {@code $name}, {@code ${name}}, {@code $(name)},
 * {@code ${name?value}} and {@code ${name:value}} (postconf(5) "SYNTAX"), falling back to the
 * known defaults for the declared {@code compatibility_level}. Expansion detects cycles and is
 * bounded in depth and length. Expansion records its problems in the instance: confine one
 * instance to one thread.
 */
public final class PostfixMainConfig {

    /**
     * One explicit assignment.
     *
     * @param name the parameter name
     * @param rawValue the value as written, continuation lines joined by one space
     * @param line the 1-based line of the assignment
     * @param text the first physical line as written
     */
    public record Parameter(String name, String rawValue, int line, String text) {}

    static final int MAX_DEPTH = 20;
    static final int MAX_EXPANDED = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./-]+");

    private final Map<String, Parameter> explicit;
    private final List<ParseProblem> problems;
    private final String file;

    private PostfixMainConfig(String file, Map<String, Parameter> explicit, List<ParseProblem> problems) {
        this.file = file;
        this.explicit = explicit;
        this.problems = problems;
    }

    /** Parses {@code text} (already within the bundle's caps). */
    public static PostfixMainConfig parse(String text) {
        return parse(LineRef.MAIN, text);
    }

    static PostfixMainConfig parse(String file, String text) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        List<ParseProblem> problems = new ArrayList<>();
        List<String> lines = Lines.split(text);
        int i = 0;
        while (i < lines.size()) {
            String first = lines.get(i);
            int start = i + 1;
            i++;
            if (first.isBlank() || first.stripLeading().startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(first.charAt(0))) {
                // postconf(5): a line that starts with whitespace continues a logical line; here none is open.
                problems.add(new ParseProblem(
                        file,
                        start,
                        "continuation line without a preceding parameter: '" + Lines.excerpt(first.strip()) + "'"));
                continue;
            }
            StringBuilder logical = new StringBuilder(first.strip());
            while (i < lines.size()) {
                String next = lines.get(i);
                if (next.isBlank() || next.stripLeading().startsWith("#")) {
                    // Comments and blank lines inside a continuation are skipped by Postfix too.
                    if (i + 1 < lines.size()
                            && !lines.get(i + 1).isEmpty()
                            && Character.isWhitespace(lines.get(i + 1).charAt(0))
                            && !lines.get(i + 1).isBlank()) {
                        i++;
                        continue;
                    }
                    break;
                }
                if (!Character.isWhitespace(next.charAt(0))) {
                    break;
                }
                logical.append(' ').append(next.strip());
                i++;
            }
            String l = logical.toString();
            int eq = l.indexOf('=');
            if (eq <= 0) {
                problems.add(
                        new ParseProblem(file, start, "missing '=' after parameter name: '" + Lines.excerpt(l) + "'"));
                continue;
            }
            String name = l.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                problems.add(new ParseProblem(file, start, "invalid parameter name '" + Lines.excerpt(name) + "'"));
                continue;
            }
            params.put(name, new Parameter(name, l.substring(eq + 1).strip(), start, Lines.excerpt(first)));
        }
        return new PostfixMainConfig(file, params, problems);
    }

    public List<ParseProblem> problems() {
        return List.copyOf(problems);
    }

    /** Every explicit assignment in file order. */
    public List<Parameter> parameters() {
        return List.copyOf(explicit.values());
    }

    public Optional<Parameter> explicit(String name) {
        return Optional.ofNullable(explicit.get(name));
    }

    /** The declared compatibility level ({@code 0} when unset, as in Postfix). */
    public String compatibilityLevel() {
        Parameter p = explicit.get("compatibility_level");
        return p == null || p.rawValue().isBlank() ? "0" : p.rawValue().strip();
    }

    /** The raw value: explicit, else the default for the compatibility level, else empty. */
    public Optional<String> raw(String name) {
        Parameter p = explicit.get(name);
        if (p != null) {
            return Optional.of(p.rawValue());
        }
        return PostfixDefaults.value(name, compatibilityLevel());
    }

    /** The expanded value of {@code name}, or empty when neither set nor a known default. */
    public Optional<String> expanded(String name) {
        return expanded(name, Map.of());
    }

    /**
     * The expanded value of {@code name} with master.cf {@code -o} overrides taking precedence.
     * Problems met while expanding (cycles, depth) are added to {@link #expansionProblems}.
     */
    public Optional<String> expanded(String name, Map<String, String> overrides) {
        Function<String, Optional<String>> lookup =
                n -> overrides.containsKey(n) ? Optional.of(overrides.get(n)) : raw(n);
        Optional<String> raw = lookup.apply(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Deque<String> stack = new ArrayDeque<>();
        stack.push(name);
        return Optional.of(expand(raw.get(), lookup, stack, new int[] {0}));
    }

    private final Set<String> expansionProblems = new LinkedHashSet<>();

    /** Cycles and depth/length overruns met by {@link #expanded} so far, one message each. */
    public List<ParseProblem> expansionProblems() {
        List<ParseProblem> out = new ArrayList<>();
        for (String m : expansionProblems) {
            int sep = m.indexOf('\u0000');
            out.add(new ParseProblem(file, Integer.parseInt(m.substring(0, sep)), m.substring(sep + 1)));
        }
        return out;
    }

    private void problem(String name, String message) {
        if (expansionProblems.size() < 100) {
            Parameter p = explicit.get(name);
            expansionProblems.add((p == null ? 0 : p.line()) + "\u0000" + message);
        }
    }

    private String expand(String value, Function<String, Optional<String>> lookup, Deque<String> stack, int[] budget) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            if (++budget[0] > MAX_EXPANDED * 4 || out.length() > MAX_EXPANDED) {
                problem(
                        stack.peekLast(),
                        "expansion of '" + stack.peekLast() + "' exceeds " + MAX_EXPANDED
                                + " characters; value truncated");
                return out.toString();
            }
            char c = value.charAt(i);
            if (c != '$' || i + 1 >= value.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = value.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            String cond = null;
            char condKind = 0;
            int end;
            if (n == '{' || n == '(') {
                char close = n == '{' ? '}' : ')';
                int depth = 0;
                int j = i + 1;
                for (; j < value.length(); j++) {
                    char d = value.charAt(j);
                    if (d == n) {
                        depth++;
                    } else if (d == close && --depth == 0) {
                        break;
                    }
                }
                if (j >= value.length()) {
                    out.append(value, i, value.length());
                    break;
                }
                String inner = value.substring(i + 2, j);
                int k = 0;
                while (k < inner.length() && (Character.isLetterOrDigit(inner.charAt(k)) || inner.charAt(k) == '_')) {
                    k++;
                }
                name = inner.substring(0, k);
                if (k < inner.length() && (inner.charAt(k) == '?' || inner.charAt(k) == ':')) {
                    condKind = inner.charAt(k);
                    cond = inner.substring(k + 1);
                } else if (k < inner.length() || name.isEmpty()) {
                    // Postfix 3.0 "${{...} op {...} ? ...}" expressions: kept literal.
                    out.append(value, i, j + 1);
                    i = j + 1;
                    continue;
                }
                end = j + 1;
            } else {
                int j = i + 1;
                while (j < value.length() && (Character.isLetterOrDigit(value.charAt(j)) || value.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = value.substring(i + 1, j);
                end = j;
            }
            Optional<String> ref = lookup.apply(name);
            String resolved;
            if (stack.contains(name)) {
                problem(
                        stack.peekLast(),
                        "parameter '" + stack.peekLast() + "' refers to itself through $"
                                + String.join(" -> $", reversed(stack)) + " -> $" + name + "; left unexpanded");
                resolved = null;
            } else if (stack.size() >= MAX_DEPTH) {
                problem(
                        stack.peekLast(),
                        "expansion of '" + stack.peekLast() + "' nests deeper than " + MAX_DEPTH + " levels at $" + name
                                + "; left unexpanded");
                resolved = null;
            } else if (ref.isPresent()) {
                stack.push(name);
                resolved = expand(ref.get(), lookup, stack, budget);
                stack.pop();
            } else {
                resolved = null;
            }
            if (cond != null) {
                boolean nonEmpty = resolved != null && !resolved.isEmpty();
                String branch = condKind == '?' ? (nonEmpty ? cond : "") : (nonEmpty ? "" : cond);
                String[] alt = splitAlternatives(cond);
                if (condKind == '?' && alt != null) {
                    branch = nonEmpty ? alt[0] : alt[1];
                }
                out.append(expand(branch, lookup, stack, budget));
            } else if (resolved == null) {
                out.append(value, i, end);
            } else {
                out.append(resolved);
            }
            if (out.length() > MAX_EXPANDED) {
                problem(
                        stack.peekLast(),
                        "expansion of '" + stack.peekLast() + "' exceeds " + MAX_EXPANDED
                                + " characters; value truncated");
                out.setLength(MAX_EXPANDED);
                return out.toString();
            }
            i = end;
        }
        return out.toString();
    }

    /** Postfix 3.0 "${name?{a}:{b}}": the two braced alternatives, or null. */
    private static String[] splitAlternatives(String cond) {
        String c = cond.strip();
        if (!c.startsWith("{") || !c.endsWith("}")) {
            return null;
        }
        int depth = 0;
        for (int i = 0; i < c.length(); i++) {
            char d = c.charAt(i);
            if (d == '{') {
                depth++;
            } else if (d == '}' && --depth == 0) {
                String rest = c.substring(i + 1).strip();
                if (rest.startsWith(":")) {
                    String b = rest.substring(1).strip();
                    if (b.startsWith("{") && b.endsWith("}")) {
                        return new String[] {
                            c.substring(1, i).strip(),
                            b.substring(1, b.length() - 1).strip()
                        };
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static List<String> reversed(Deque<String> stack) {
        List<String> l = new ArrayList<>(stack);
        java.util.Collections.reverse(l);
        return l;
    }

    /** Where {@code name} is set, or a line-0 reference naming the default that applies. */
    LineRef lineOf(String name) {
        Parameter p = explicit.get(name);
        if (p != null) {
            return new LineRef(file, p.line(), p.text());
        }
        return new LineRef(
                file,
                0,
                name + " not set; default '" + raw(name).orElse("") + "' applies (compatibility_level "
                        + compatibilityLevel() + ")");
    }
}
