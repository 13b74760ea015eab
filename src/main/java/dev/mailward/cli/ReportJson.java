package dev.mailward.cli;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON "Results" format of CHECKS.md, shared with the API and reports. */
final class ReportJson {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportJson() {
    }

    static String toJson(DomainReport report) {
        return PRETTY.writeValueAsString(tree(report));
    }

    static String toJsonArray(List<DomainReport> reports) {
        return PRETTY.writeValueAsString(reports.stream().map(ReportJson::tree).toList());
    }

    static String toJsonLine(DomainReport report) {
        return COMPACT.writeValueAsString(tree(report));
    }

    static Map<String, Object> tree(DomainReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", report.domain());
        m.put("checkedAt", report.checkedAt().toString());
        m.put("status", report.worst().name());
        m.put("results", report.results().stream().map(ReportJson::result).toList());
        return m;
    }

    private static Map<String, Object> result(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.check());
        m.put("target", r.target());
        m.put("status", r.status().name());
        m.put("findings", r.findings().stream().map(ReportJson::finding).toList());
        m.put("evidence", evidence(r.evidence()));
        m.put("elapsedMs", r.elapsed().toMillis());
        return m;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code());
        m.put("status", f.status().name());
        m.put("message", f.message());
        m.put("mitigation", f.mitigation());
        return m;
    }

    private static Map<String, Object> evidence(Evidence e) {
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
