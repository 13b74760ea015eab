package dev.mailward.configaudit;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.ResultsJson;
import dev.mailward.checks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON stored in {@code audit_result}, {@code redactions} and the correlation table, and the
 * finding views made from it. The audit's evidence details are kept as they are (the
 * {@code "lines"} entries carry file, line, text and fix for every finding).
 */
final class ResultJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

    private ResultJson() {}

    static String write(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.check());
        m.put("target", r.target());
        m.put("status", r.status().name());
        m.put("checkedAt", r.checkedAt().toString());
        m.put("elapsedMs", r.elapsed().toMillis());
        m.put("findings", findings(r.findings()));
        m.put("details", r.evidence().details());
        return JSON.writeValueAsString(m);
    }

    static List<Map<String, Object>> findings(List<Finding> findings) {
        return ResultsJson.findings(findings);
    }

    static String writeFindings(List<Finding> findings) {
        return JSON.writeValueAsString(findings(findings));
    }

    static CheckResult read(String json) {
        Map<String, Object> m = JSON.readValue(json, MAP);
        List<Finding> findings = readFindings(m.get("findings"));
        Evidence.Builder evidence = Evidence.builder();
        if (m.get("details") instanceof Map<?, ?> details) {
            details.forEach((k, v) -> evidence.detail(String.valueOf(k), v));
        }
        return CheckResult.of(
                String.valueOf(m.get("check")),
                String.valueOf(m.get("target")),
                findings,
                evidence.build(),
                Instant.parse(String.valueOf(m.get("checkedAt"))),
                Duration.ofMillis(((Number) m.getOrDefault("elapsedMs", 0)).longValue()));
    }

    static Map<String, Object> readMap(String json) {
        return JSON.readValue(json, MAP);
    }

    static List<Finding> readFindings(String json) {
        return readFindings(JSON.readValue(json, LIST));
    }

    private static List<Finding> readFindings(Object list) {
        List<Finding> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> f) {
                    out.add(new Finding(
                            String.valueOf(f.get("code")),
                            Status.valueOf(String.valueOf(f.get("status"))),
                            String.valueOf(f.get("message")),
                            String.valueOf(f.get("mitigation"))));
                }
            }
        }
        return out;
    }

    /** The audit's findings with their lines and fixes (from the evidence's {@code "lines"} details). */
    static List<ConfigFinding> auditFindings(CheckResult audit) {
        List<ConfigFinding> out = new ArrayList<>();
        if (!(audit.evidence().details().get("lines") instanceof List<?> details)) {
            return audit.findings().stream().map(ResultJson::plain).toList();
        }
        for (Object o : details) {
            if (!(o instanceof Map<?, ?> d)) {
                continue;
            }
            String code = String.valueOf(d.get("code"));
            List<LineRef> lines = new ArrayList<>();
            if (d.get("lines") instanceof List<?> refs) {
                for (Object r : refs) {
                    if (r instanceof Map<?, ?> ref) {
                        lines.add(new LineRef(
                                String.valueOf(ref.get("file")),
                                ref.get("line") instanceof Number n ? n.intValue() : 0,
                                String.valueOf(ref.get("text"))));
                    }
                }
            }
            Optional<String> fix =
                    Optional.ofNullable(d.get("fix")).map(String::valueOf).filter(s -> !s.isBlank());
            out.add(new ConfigFinding(
                    code,
                    Status.valueOf(String.valueOf(d.get("status"))),
                    String.valueOf(d.get("message")),
                    mitigation(code),
                    lines,
                    fix));
        }
        return out;
    }

    static ConfigFinding plain(Finding f) {
        return new ConfigFinding(f.code(), f.status(), f.message(), f.mitigation(), List.of(), Optional.empty());
    }

    static String writeRedactions(List<RedactedKey> redactions) {
        return JSON.writeValueAsString(redactions.stream()
                .map(r -> Map.<String, Object>of("file", r.file().name(), "line", r.line(), "key", r.key()))
                .toList());
    }

    static List<RedactedKey> readRedactions(String json) {
        List<RedactedKey> out = new ArrayList<>();
        for (Map<String, Object> m : JSON.readValue(json, LIST)) {
            out.add(new RedactedKey(
                    ConfigFile.valueOf(String.valueOf(m.get("file"))),
                    ((Number) m.get("line")).intValue(),
                    String.valueOf(m.get("key"))));
        }
        return out;
    }

    static String writeObservations(Observations o) {
        Map<String, Object> m = new LinkedHashMap<>();
        o.relayAccepted().ifPresent(v -> m.put("relayAccepted", v));
        o.banner().ifPresent(v -> m.put("banner", v));
        o.ptrName().ifPresent(v -> m.put("ptrName", v));
        if (!o.tlsVersionsSeen().isEmpty()) {
            m.put("tlsVersionsSeen", new java.util.TreeSet<>(o.tlsVersionsSeen()));
        }
        o.domainDanePresent().ifPresent(v -> m.put("domainDanePresent", v));
        o.openPorts().ifPresent(v -> m.put("openPorts", new java.util.TreeSet<>(v)));
        o.dkim()
                .ifPresent(d -> m.put(
                        "dkim", Map.of("domain", d.domain(), "selectors", new java.util.TreeMap<>(d.selectors()))));
        return JSON.writeValueAsString(m);
    }

    private static String mitigation(String code) {
        try {
            return ConfigCode.valueOf(code).mitigation().id();
        } catch (IllegalArgumentException e) {
            return ConfigCode.CONFIG_SYNTAX_ERROR.mitigation().id();
        }
    }
}
