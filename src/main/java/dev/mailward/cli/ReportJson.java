package dev.mailward.cli;

import dev.mailward.checks.DomainReport;
import dev.mailward.checks.ResultsJson;
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
        return ResultsJson.report(report);
    }
}
