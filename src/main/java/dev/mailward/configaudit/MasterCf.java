package dev.mailward.configaudit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed Postfix {@code master.cf} or {@code postconf -M}/{@code -Mf} output (master(5)): one
 * {@link Service} per logical line, with its {@code -o} overrides, including the Postfix 3.0
 * {@code -o { name = value }} form whose value may contain spaces.
 */
public record MasterCf(List<Service> services, List<ParseProblem> problems) {

    public MasterCf {
        services = List.copyOf(services);
        problems = List.copyOf(problems);
    }

    /**
     * One {@code -o name=value} override.
     *
     * @param line the 1-based physical line on which the {@code -o} appears
     */
    public record Override(String name, String value, int line) {}

    /**
     * One master.cf service.
     *
     * @param name service name, e.g. {@code smtp}, {@code submission}, {@code 127.0.0.1:10025}
     * @param type {@code inet}, {@code unix}, {@code unix-dgram}, {@code fifo} or {@code pass}
     * @param command the daemon, e.g. {@code smtpd}, {@code postscreen}, {@code pipe}
     * @param args every argument after the command, brace groups kept as one argument
     * @param overrides the {@code -o} overrides in order
     * @param line the first line of the service
     * @param text the first line as written
     */
    public record Service(
            String name,
            String type,
            String privateFlag,
            String unpriv,
            String chroot,
            String wakeup,
            String maxproc,
            String command,
            List<String> args,
            List<Override> overrides,
            int line,
            String text) {

        public Service {
            args = List.copyOf(args);
            overrides = List.copyOf(overrides);
        }

        /** The TCP port of an {@code inet} service: numeric, or from the service name (services(5)). */
        public Optional<Integer> port() {
            if (!type.equals("inet")) {
                return Optional.empty();
            }
            String p = name.contains(":") ? name.substring(name.lastIndexOf(':') + 1) : name;
            return switch (p) {
                case "smtp" -> Optional.of(25);
                case "submission" -> Optional.of(587);
                case "smtps", "submissions", "urd", "ssmtp" -> Optional.of(465);
                default -> {
                    try {
                        yield Optional.of(Integer.parseInt(p));
                    } catch (NumberFormatException e) {
                        yield Optional.empty();
                    }
                }
            };
        }

        /** The overrides as a map, last one winning. */
        public Map<String, String> overrideMap() {
            Map<String, String> m = new LinkedHashMap<>();
            overrides.forEach(o -> m.put(o.name(), o.value()));
            m.putIfAbsent("service_name", name);
            return m;
        }

        public Optional<Override> override(String name) {
            Override found = null;
            for (Override o : overrides) {
                if (o.name().equals(name)) {
                    found = o;
                }
            }
            return Optional.ofNullable(found);
        }

        /** An SMTP server process (smtpd), directly or behind postscreen/tlsproxy. */
        public boolean isSmtpd() {
            return command.equals("smtpd") || command.endsWith("/smtpd");
        }
    }

    /** The inet services listening on {@code port}. */
    public List<Service> inet(int port) {
        return services.stream().filter(s -> s.port().equals(Optional.of(port))).toList();
    }

    private static final Set<String> TYPES = Set.of("inet", "unix", "unix-dgram", "fifo", "pass");
    static final int MAX_BRACE_DEPTH = 8;

    /** Parses {@code text} (already within the bundle's caps). */
    public static MasterCf parse(String text) {
        String file = LineRef.MASTER;
        List<Service> services = new ArrayList<>();
        List<ParseProblem> problems = new ArrayList<>();
        List<String> lines = Lines.split(text);
        Set<String> seen = new HashSet<>();
        int i = 0;
        while (i < lines.size()) {
            String first = lines.get(i);
            int start = i + 1;
            i++;
            if (first.isBlank() || first.stripLeading().startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(first.charAt(0))) {
                problems.add(new ParseProblem(
                        file,
                        start,
                        "continuation line without a preceding service: '" + Lines.excerpt(first.strip()) + "'"));
                continue;
            }
            List<String> tokens = new ArrayList<>();
            List<Integer> tokenLines = new ArrayList<>();
            StringBuilder group = null;
            int groupDepth = 0;
            int groupLine = 0;
            String error = null;
            int ln = start;
            String physical = first;
            while (true) {
                for (String raw : physical.strip().split("\\s+")) {
                    if (raw.isEmpty() || error != null) {
                        continue;
                    }
                    if (group == null && raw.startsWith("{")) {
                        group = new StringBuilder();
                        groupLine = ln;
                        groupDepth = 0;
                    }
                    if (group != null) {
                        int deepest = groupDepth;
                        for (char ch : raw.toCharArray()) {
                            if (ch == '{') {
                                deepest = Math.max(deepest, ++groupDepth);
                            } else if (ch == '}') {
                                groupDepth--;
                            }
                        }
                        if (deepest > MAX_BRACE_DEPTH) {
                            error = "braces nested deeper than " + MAX_BRACE_DEPTH + " levels";
                            continue;
                        }
                        group.append(group.isEmpty() ? "" : " ").append(raw);
                        if (groupDepth <= 0) {
                            tokens.add(group.toString());
                            tokenLines.add(groupLine);
                            group = null;
                        }
                    } else {
                        tokens.add(raw);
                        tokenLines.add(ln);
                    }
                }
                if (i < lines.size()
                        && !lines.get(i).isEmpty()
                        && Character.isWhitespace(lines.get(i).charAt(0))
                        && !lines.get(i).isBlank()
                        && !lines.get(i).stripLeading().startsWith("#")) {
                    physical = lines.get(i);
                    ln = ++i;
                    continue;
                }
                break;
            }
            if (group != null && error == null) {
                error = "unbalanced '{' opened on line " + groupLine;
            }
            if (error != null) {
                problems.add(new ParseProblem(file, start, error + ": '" + Lines.excerpt(first) + "'"));
                continue;
            }
            if (tokens.size() < 8) {
                problems.add(new ParseProblem(
                        file,
                        start,
                        "expected 8 fields (service type private unpriv chroot" + " wakeup maxproc command), found "
                                + tokens.size() + ": '" + Lines.excerpt(first) + "'"));
                continue;
            }
            String name = tokens.get(0);
            String type = tokens.get(1);
            if (!TYPES.contains(type)) {
                problems.add(new ParseProblem(
                        file,
                        start,
                        "unknown service type '" + Lines.excerpt(type) + "' for service '" + Lines.excerpt(name)
                                + "'"));
                continue;
            }
            String flagsError = null;
            for (int f = 2; f <= 4; f++) {
                if (!tokens.get(f).matches("[yn-]")) {
                    flagsError =
                            "field " + (f + 1) + " must be y, n or -, found '" + Lines.excerpt(tokens.get(f)) + "'";
                }
            }
            if (!tokens.get(5).matches("-|\\d{1,9}\\??")) {
                flagsError = "wakeup must be - or a number, found '" + Lines.excerpt(tokens.get(5)) + "'";
            }
            if (!tokens.get(6).matches("-|\\d{1,9}")) {
                flagsError = "maxproc must be - or a number, found '" + Lines.excerpt(tokens.get(6)) + "'";
            }
            if (flagsError != null) {
                problems.add(new ParseProblem(file, start, flagsError + " in service '" + Lines.excerpt(name) + "'"));
                continue;
            }
            if (!seen.add(name + "/" + type)) {
                problems.add(
                        new ParseProblem(file, start, "duplicate service '" + Lines.excerpt(name) + "/" + type + "'"));
            }
            List<String> args = new ArrayList<>(tokens.subList(8, tokens.size()));
            List<Override> overrides = new ArrayList<>();
            for (int a = 8; a < tokens.size(); a++) {
                String t = tokens.get(a);
                String spec = null;
                int specLine = tokenLines.get(a);
                if (!t.startsWith("-")) {
                    // Daemon options end at the first non-option; later "-o..." belong to e.g. pipe's argv.
                    break;
                }
                if (t.equals("-o") && a + 1 < tokens.size()) {
                    spec = tokens.get(++a);
                    specLine = tokenLines.get(a);
                } else if (t.startsWith("-o") && t.length() > 2) {
                    spec = t.substring(2);
                }
                if (spec == null) {
                    continue;
                }
                if (spec.startsWith("{")) {
                    if (!spec.endsWith("}")) {
                        problems.add(
                                new ParseProblem(file, specLine, "malformed -o group '" + Lines.excerpt(spec) + "'"));
                        continue;
                    }
                    spec = spec.substring(1, spec.length() - 1).strip();
                }
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    problems.add(new ParseProblem(
                            file, specLine, "-o needs name=value, found '" + Lines.excerpt(spec) + "'"));
                    continue;
                }
                overrides.add(new Override(
                        spec.substring(0, eq).strip(), spec.substring(eq + 1).strip(), specLine));
            }
            services.add(new Service(
                    name,
                    type,
                    tokens.get(2),
                    tokens.get(3),
                    tokens.get(4),
                    tokens.get(5),
                    tokens.get(6),
                    tokens.get(7),
                    args,
                    overrides,
                    start,
                    Lines.excerpt(first)));
        }
        return new MasterCf(services, problems);
    }
}
