package dev.mailward.checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON "Results" format of CHECKS.md as plain maps and lists, shared by the CLI, the API, the
 * stored history ({@code jsonb}) and reports, so that they all speak the same structure. The maps
 * keep insertion order; serialise them with any JSON mapper.
 */
public final class ResultsJson {

    private ResultsJson() {
    }

    /** {@code {domain, checkedAt, status, results: [...]}}. */
    public static Map<String, Object> report(DomainReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", report.domain());
        m.put("checkedAt", report.checkedAt().toString());
        m.put("status", report.worst().name());
        m.put("results", report.results().stream().map(ResultsJson::result).toList());
        return m;
    }

    /** {@code {check, target, status, findings, evidence, elapsedMs}}. */
    public static Map<String, Object> result(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.check());
        m.put("target", r.target());
        m.put("status", r.status().name());
        m.put("findings", findings(r.findings()));
        m.put("evidence", evidence(r.evidence()));
        m.put("elapsedMs", r.elapsed().toMillis());
        return m;
    }

    /** The findings as {@code [{code, status, message, mitigation}]}. */
    public static List<Map<String, Object>> findings(List<Finding> findings) {
        return findings.stream().map(ResultsJson::finding).toList();
    }

    public static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code());
        m.put("status", f.status().name());
        m.put("message", f.message());
        m.put("mitigation", f.mitigation());
        return m;
    }

    /**
     * The evidence: {@code dns}, {@code http}, {@code transcript} and {@code certificates} when not
     * empty, then the family's details (e.g. {@code spfTree}) as top-level keys.
     */
    public static Map<String, Object> evidence(Evidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!e.dns().isEmpty()) {
            m.put("dns", e.dns());
        }
        if (!e.http().isEmpty()) {
            m.put("http", e.http());
        }
        if (!e.transcript().isEmpty()) {
            m.put("transcript", e.transcript());
        }
        if (!e.certificates().isEmpty()) {
            m.put("certificates", e.certificates());
        }
        m.putAll(e.details());
        return m;
    }
}
