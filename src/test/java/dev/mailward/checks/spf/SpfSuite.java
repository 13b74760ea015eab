package dev.mailward.checks.spf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Loads the SPF conformance suites of {@code conformance/spf} and {@code conformance/spf-stalwart}. */
final class SpfSuite {

    /**
     * One expectation.
     *
     * @param scenario scenario index in the file (a zone per scenario)
     * @param name display name
     * @param results acceptable results (first preferred)
     * @param explanation the expected explanation of a fail, if the case gives one
     */
    record Case(
            String file,
            int scenario,
            String name,
            String id,
            String helo,
            String host,
            String mailfrom,
            List<String> results,
            Optional<String> explanation,
            SpfZone zone,
            boolean heloFirst) {}

    private SpfSuite() {}

    static Path conformanceDir() {
        return Path.of(System.getProperty("mailward.conformance.dir", "../shared/conformance"));
    }

    /** The OpenSPF YAML suite (one document per scenario). */
    @SuppressWarnings("unchecked")
    static List<Case> openSpf(Path file) throws IOException {
        List<Case> out = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int index = 0;
            for (Object doc : yaml.loadAll(r)) {
                Map<String, Object> scenario = (Map<String, Object>) doc;
                String description = String.valueOf(scenario.get("description"));
                SpfZone zone = SpfZone.fromOpenSpf((Map<String, Object>) scenario.get("zonedata"));
                Map<String, Map<String, Object>> tests = (Map<String, Map<String, Object>>) scenario.get("tests");
                for (Map.Entry<String, Map<String, Object>> t : tests.entrySet()) {
                    Map<String, Object> c = t.getValue();
                    Object result = c.get("result");
                    List<String> results = result instanceof List<?> l
                            ? l.stream().map(String::valueOf).toList()
                            : List.of(String.valueOf(result));
                    out.add(new Case(
                            file.getFileName().toString(),
                            index,
                            description + " / " + t.getKey(),
                            t.getKey(),
                            String.valueOf(c.get("helo")),
                            String.valueOf(c.get("host")),
                            c.get("mailfrom") == null ? "" : String.valueOf(c.get("mailfrom")),
                            results,
                            Optional.ofNullable(c.get("explanation")).map(String::valueOf),
                            zone,
                            false));
                }
                index++;
            }
        }
        return out;
    }

    private static final Pattern DNS_ERROR_NAME = Pattern.compile("[A-Za-z0-9_.\\-]*_dns_error\\.[A-Za-z0-9_.\\-]+");

    /**
     * A Stalwart {@code mail-auth} case file (line-oriented, not valid YAML; rules in its README).
     * MX exchanges are synthesised as {@code mx<n>.<ip-as-label>.mx.invalid}-style names.
     */
    static List<Case> stalwart(Path file) throws IOException {
        List<Case> out = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int index = 0;
        for (String block : text.split("(?m)^---\\s*$")) {
            SpfZone zone = new SpfZone();
            String scenarioName = file.getFileName() + " #" + index;
            String helo = "";
            String sender = "";
            String ip = "127.0.0.1";
            int n = 0;
            Matcher errs = DNS_ERROR_NAME.matcher(block);
            while (errs.find()) {
                zone.timeout(errs.group());
            }
            for (String raw : block.split("\n")) {
                String line = raw.strip();
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("-")) {
                    line = line.substring(1).strip();
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "name" -> scenarioName = file.getFileName() + ": " + value;
                    case "spf", "exp" -> {
                        String[] kv = value.split(" ", 2);
                        zone.replace(kv[0], "TXT", List.of(kv.length > 1 ? kv[1] : ""));
                    }
                    case "a", "aaaa" -> {
                        String[] kv = value.split(" ", 2);
                        String type = key.toUpperCase(Locale.ROOT);
                        zone.node(kv[0]).records.removeIf(r -> r.type().equals(type));
                        for (String addr : kv[1].split(",")) {
                            zone.add(kv[0], type, addr.strip());
                        }
                    }
                    case "ptr" -> {
                        String[] kv = value.split(" ", 2);
                        String reverse = SpfIp.reverseName(
                                SpfIp.parseClient(kv[0].strip()).orElseThrow());
                        zone.node(reverse).records.removeIf(r -> r.type().equals("PTR"));
                        for (String name : kv[1].split(",")) {
                            if (!name.isBlank()) {
                                zone.add(reverse, "PTR", name.strip());
                            }
                        }
                    }
                    case "mx" -> {
                        String[] kv = value.split(" ", 2);
                        int pos = 0;
                        zone.node(kv[0]).records.removeIf(r -> r.type().equals("MX"));
                        for (String addr : kv[1].split(",")) {
                            String a = addr.strip();
                            String exchange =
                                    "mx" + pos + "." + a.replace(':', '-').replace('.', '-') + ".mx-host.invalid";
                            zone.add(kv[0], "MX", new Object[] {pos + 1, exchange});
                            zone.add(exchange, a.contains(":") ? "AAAA" : "A", a);
                            pos++;
                        }
                    }
                    case "domain" -> helo = value;
                    case "sender" -> sender = value;
                    case "ip" -> ip = value;
                    case "expect" -> {
                        String[] kv = value.split(" ", 2);
                        out.add(new Case(
                                file.getFileName().toString(),
                                index,
                                scenarioName + " #" + (++n),
                                "",
                                helo,
                                ip,
                                sender,
                                List.of(kv[0].toLowerCase(Locale.ROOT)),
                                kv.length > 1 ? Optional.of(kv[1]) : Optional.empty(),
                                zone.copy(),
                                true));
                    }
                    default -> {
                        // records:/tests: headers and other labels are structure only
                    }
                }
            }
            index++;
        }
        return out;
    }

    /** Every case of both suites present under {@code dir}, in file order. */
    static Map<String, List<Case>> all(Path dir) throws IOException {
        Map<String, List<Case>> out = new LinkedHashMap<>();
        Path openspf = dir.resolve("spf/rfc7208-tests.yml");
        if (Files.isRegularFile(openspf)) {
            out.put("rfc7208-tests.yml", openSpf(openspf));
        }
        Path stalwart = dir.resolve("spf-stalwart");
        if (Files.isDirectory(stalwart)) {
            try (var files = Files.list(stalwart)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yml"))
                        .sorted()
                        .toList()) {
                    out.put("spf-stalwart/" + f.getFileName(), stalwart(f));
                }
            }
        }
        return out;
    }
}
