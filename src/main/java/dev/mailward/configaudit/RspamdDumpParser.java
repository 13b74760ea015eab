package dev.mailward.configaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded recursive-descent parser for the UCL that {@code rspamadm configdump} prints:
 * {@code key = value;}, {@code key { ... }}, {@code key "name" { ... }}, {@code key [ ... ]},
 * quoted strings, heredocs {@code <<EOD}, and {@code #}/{@code /* *}{@code /} comments. Depth is
 * limited to {@value #MAX_DEPTH}; the first syntax error stops parsing and is reported with its line.
 */
final class RspamdDumpParser {

    static final int MAX_DEPTH = 64;
    static final int MAX_HEREDOC = 256 * 1024;

    record Result(Ucl.Obj root, List<ParseProblem> problems) {}

    private static final class SyntaxError extends RuntimeException {
        final int line;

        SyntaxError(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private final String s;
    private int pos;
    private int line = 1;

    private RspamdDumpParser(String s) {
        this.s = s;
    }

    static Result parse(String text) {
        RspamdDumpParser p = new RspamdDumpParser(text);
        Map<String, List<Ucl>> root = new LinkedHashMap<>();
        List<ParseProblem> problems = new ArrayList<>();
        try {
            p.skipNoise();
            // configdump may prefix warnings printed on stderr if both streams were captured
            p.objectBody(root, 1, false);
        } catch (SyntaxError e) {
            problems.add(new ParseProblem(LineRef.RSPAMD, e.line, e.getMessage()));
        }
        return new Result(new Ucl.Obj(root, 1), problems);
    }

    private void objectBody(Map<String, List<Ucl>> into, int depth, boolean braced) {
        while (true) {
            skipWs();
            if (pos >= s.length()) {
                if (braced) {
                    throw new SyntaxError(line, "unexpected end of input: missing '}'");
                }
                return;
            }
            char c = s.charAt(pos);
            if (c == '}') {
                if (!braced) {
                    throw new SyntaxError(line, "'}' without an open object");
                }
                pos++;
                return;
            }
            if (c == ';' || c == ',') {
                pos++;
                continue;
            }
            if (c == '.' && s.startsWith(".include", pos) || c == '.' && s.startsWith(".priority", pos)) {
                skipToEol();
                continue;
            }
            int keyLine = line;
            String key = key();
            skipInlineWs();
            Ucl value = afterKey(keyLine, depth);
            into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    /** After a key: '=' or ':' then a value, or directly an object/array, or a nested name. */
    private Ucl afterKey(int keyLine, int depth) {
        skipWs();
        if (pos >= s.length()) {
            throw new SyntaxError(line, "unexpected end of input after a key");
        }
        char c = s.charAt(pos);
        if (c == '=' || c == ':') {
            pos++;
            skipWs();
            return value(depth);
        }
        if (c == '{' || c == '[') {
            return value(depth);
        }
        if (c == '"' || c == '\'' || isBare(c)) {
            // key "name" { ... } is key { name { ... } }
            if (depth >= MAX_DEPTH) {
                throw new SyntaxError(line, "objects nested deeper than " + MAX_DEPTH + " levels");
            }
            int nameLine = line;
            String name = key();
            Ucl inner = afterKey(nameLine, depth + 1);
            Map<String, List<Ucl>> m = new LinkedHashMap<>();
            m.put(name, new ArrayList<>(List.of(inner)));
            return new Ucl.Obj(m, keyLine);
        }
        throw new SyntaxError(
                line, "expected '=', '{' or '[' after a key, found '" + Lines.excerpt(String.valueOf(c)) + "'");
    }

    private Ucl value(int depth) {
        if (pos >= s.length()) {
            throw new SyntaxError(line, "unexpected end of input: missing value");
        }
        char c = s.charAt(pos);
        int at = line;
        if (c == '{' || c == '[') {
            if (depth >= MAX_DEPTH) {
                throw new SyntaxError(line, "objects nested deeper than " + MAX_DEPTH + " levels");
            }
            pos++;
            if (c == '{') {
                Map<String, List<Ucl>> m = new LinkedHashMap<>();
                objectBody(m, depth + 1, true);
                return new Ucl.Obj(m, at);
            }
            List<Ucl> items = new ArrayList<>();
            while (true) {
                skipWs();
                if (pos >= s.length()) {
                    throw new SyntaxError(at, "array opened here is never closed");
                }
                char d = s.charAt(pos);
                if (d == ']') {
                    pos++;
                    return new Ucl.Arr(items, at);
                }
                if (d == ',' || d == ';') {
                    pos++;
                    continue;
                }
                items.add(value(depth + 1));
            }
        }
        if (c == '"' || c == '\'') {
            return new Ucl.Scalar(quoted(), true, at);
        }
        if (s.startsWith("<<", pos)) {
            return heredoc(at);
        }
        int start = pos;
        while (pos < s.length()) {
            char d = s.charAt(pos);
            if (d == ';' || d == ',' || d == '\n' || d == '}' || d == ']') {
                break;
            }
            pos++;
        }
        String v = s.substring(start, pos).strip();
        if (v.isEmpty()) {
            throw new SyntaxError(at, "missing value");
        }
        return new Ucl.Scalar(v, false, at);
    }

    private Ucl heredoc(int at) {
        pos += 2;
        int eol = s.indexOf('\n', pos);
        if (eol < 0) {
            throw new SyntaxError(at, "heredoc without a terminator");
        }
        String tag = s.substring(pos, eol).strip();
        if (!tag.matches("[A-Z]{1,32}")) {
            throw new SyntaxError(at, "invalid heredoc tag '" + Lines.excerpt(tag) + "'");
        }
        pos = eol + 1;
        line++;
        StringBuilder body = new StringBuilder();
        while (pos < s.length()) {
            int next = s.indexOf('\n', pos);
            String l = next < 0 ? s.substring(pos) : s.substring(pos, next);
            if (l.strip().equals(tag) || l.strip().equals(tag + ";")) {
                pos = next < 0 ? s.length() : next;
                return new Ucl.Scalar(body.toString(), true, at);
            }
            body.append(body.isEmpty() ? "" : "\n").append(l);
            if (body.length() > MAX_HEREDOC || next < 0) {
                break;
            }
            pos = next + 1;
            line++;
        }
        throw new SyntaxError(at, "heredoc '" + tag + "' is never terminated");
    }

    private String key() {
        char c = s.charAt(pos);
        if (c == '"' || c == '\'') {
            return quoted();
        }
        int start = pos;
        while (pos < s.length() && isBare(s.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw new SyntaxError(line, "expected a key, found '" + Lines.excerpt(String.valueOf(c)) + "'");
        }
        return s.substring(start, pos);
    }

    private static boolean isBare(char c) {
        return Character.isLetterOrDigit(c)
                || c == '_'
                || c == '-'
                || c == '.'
                || c == '/'
                || c == '$'
                || c == '@'
                || c == '*'
                || c == '+';
    }

    private String quoted() {
        char q = s.charAt(pos++);
        int at = line;
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == q) {
                return b.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    default -> b.append(e);
                }
                continue;
            }
            b.append(c);
        }
        throw new SyntaxError(at, "string opened here is never closed");
    }

    private void skipInlineWs() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipNoise() {
        skipWs();
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                skipToEol();
            } else if (c == '/' && s.startsWith("/*", pos)) {
                int end = s.indexOf("*/", pos + 2);
                int stop = end < 0 ? s.length() : end + 2;
                for (int i = pos; i < stop; i++) {
                    if (s.charAt(i) == '\n') {
                        line++;
                    }
                }
                pos = stop;
            } else {
                return;
            }
        }
    }

    private void skipToEol() {
        while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
        }
    }
}
