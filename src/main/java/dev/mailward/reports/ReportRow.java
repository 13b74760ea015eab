package dev.mailward.reports;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One result in a report: the latest result of one check on one target at the report's point in time.
 *
 * @param check check id
 * @param target what was checked
 * @param status worst status of the findings
 * @param findings the findings
 * @param evidenceJson the stored evidence as JSON text, empty when the export did not read it
 * @param checkedAt when the check ran
 */
record ReportRow(
        String check,
        String target,
        Status status,
        List<Finding> findings,
        Optional<String> evidenceJson,
        Instant checkedAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    ReportRow {
        findings = List.copyOf(findings);
    }

    /** The evidence parsed, empty when it was not read or does not parse. */
    Map<String, Object> evidence() {
        if (evidenceJson.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(evidenceJson.get(), MAP);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The distinct finding codes, in finding order. */
    List<String> codes() {
        return findings.stream().map(Finding::code).distinct().toList();
    }

    /** The distinct mitigations the findings inform, in finding order. */
    List<String> mitigations() {
        return findings.stream()
                .map(Finding::mitigation)
                .filter(m -> !m.isBlank())
                .distinct()
                .toList();
    }
}
