package dev.mailward.configaudit;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accumulates findings with their line evidence and fix snippets while the rules run. */
final class Collector {

    final List<Finding> findings = new ArrayList<>();
    final List<Map<String, Object>> details = new ArrayList<>();
    final Map<String, Object> facts = new LinkedHashMap<>();

    void add(ConfigCode code, Status status, String message, List<LineRef> lines, String fix) {
        if (findings.size() >= 500) {
            return;
        }
        findings.add(Finding.of(code, status, message));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", code.name());
        d.put("status", status.name());
        d.put("message", message);
        d.put("lines", lines.stream().map(LineRef::toMap).toList());
        if (fix != null) {
            d.put("fix", fix);
        }
        details.add(d);
    }

    void add(ConfigCode code, Status status, String message, LineRef line, String fix) {
        add(code, status, message, line == null ? List.of() : List.of(line), fix);
    }
}
