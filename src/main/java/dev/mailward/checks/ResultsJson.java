package dev.mailward.checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * The one results JSON shape (the "Results" format of CHECKS.md), shared by the CLI, the API, the
 * stored history ({@code jsonb}), the JSON report and the configuration audit's API: a result is
 * {@code {check, target, status, findings: [{code, status, message, mitigation}], evidence,
 * elapsedMs}}, statuses are {@link Status} names, mitigations their ids, times ISO-8601 instants
 * (UTC), {@code elapsedMs} whole milliseconds. A surface adds its context beside these fields
 * ({@code domain}, {@code checkedAt}, a report's {@code accepted}, a configuration finding's
 * {@code lines} and {@code fix}) and may leave out {@code evidence} and {@code elapsedMs} where it
 * does not read them ({@code /api/v1/results} reads neither, the JSON report no elapsed time), but
 * never renames or reformats a shared field.
 *
 * <p>Three renderings of the one shape, held equal by {@code ResultsJsonTests}: plain maps (the CLI's
 * tree and the stored history; they keep insertion order, serialise them with any JSON mapper),
 * typed records for the API's response records ({@link ResultJson}, {@link FindingJson}), and
 * streaming writers for the CLI's one-line form and the JSON report, which write to a generator.
 */
public final class ResultsJson {

    private ResultsJson() {}

    /** {@code {domain, checkedAt, status, dnssecOutage?, results: [...]}}. */
    public static Map<String, Object> report(DomainReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", report.domain());
        m.put("checkedAt", report.checkedAt().toString());
        m.put("status", report.worst().name());
        DnssecOutage.of(report).ifPresent(o -> m.put("dnssecOutage", outage(o)));
        m.put("results", report.results().stream().map(ResultsJson::result).toList());
        return m;
    }

    /**
     * {@code {title, message, mxHost?, blockedChecks}}: the domain's DNSSEC outage ({@link
     * DnssecOutage}), present only when there is one.
     */
    public static Map<String, Object> outage(DnssecOutage o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", o.title());
        m.put("message", o.message());
        o.mxHost().ifPresent(h -> m.put("mxHost", h));
        m.put("blockedChecks", o.blockedChecks());
        return m;
    }

    /** {@link #outage} written field by field. */
    public static void writeOutage(JsonGenerator g, DnssecOutage o) {
        g.writeStartObject();
        g.writeStringProperty("title", o.title());
        g.writeStringProperty("message", o.message());
        if (o.mxHost().isPresent()) {
            g.writeStringProperty("mxHost", o.mxHost().get());
        }
        g.writeName("blockedChecks");
        g.writeStartArray();
        for (String c : o.blockedChecks()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeEndObject();
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

    /** {@code {code, status, message, mitigation}}. */
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

    /**
     * Writes a result's first fields, {@code check}, {@code target} and {@code status}, into the
     * object {@code g} has open; the caller writes its context fields and then the findings
     * ({@link #writeFindingFields}).
     */
    public static void writeResultHead(JsonGenerator g, String check, String target, Status status) {
        g.writeStringProperty("check", check);
        g.writeStringProperty("target", target);
        g.writeStringProperty("status", status.name());
    }

    /**
     * Writes a finding's fields ({@link #finding}) into the object {@code g} has open; the caller may
     * write fields of its own after them.
     */
    public static void writeFindingFields(JsonGenerator g, Finding f) {
        g.writeStringProperty("code", f.code());
        g.writeStringProperty("status", f.status().name());
        g.writeStringProperty("message", f.message());
        g.writeStringProperty("mitigation", f.mitigation());
    }

    /**
     * The fields every surface's result carries, as a record for the API's response records: Jackson
     * writes it as the first four fields of {@link #result}; a surface that has the evidence and the
     * elapsed time writes them after it ({@code evidence}, {@code elapsedMs}). A response record holds
     * it with {@code @JsonUnwrapped} beside its context fields.
     *
     * @param check the check id
     * @param target what was checked
     * @param status the worst status of the findings, a {@link Status} name
     * @param findings the findings
     */
    public record ResultJson(String check, String target, String status, List<FindingJson> findings) {

        public ResultJson {
            findings = List.copyOf(findings);
        }

        public static ResultJson of(CheckResult r) {
            return of(r.check(), r.target(), r.status(), r.findings());
        }

        public static ResultJson of(String check, String target, Status status, List<Finding> findings) {
            return new ResultJson(
                    check,
                    target,
                    status.name(),
                    findings.stream().map(FindingJson::of).toList());
        }
    }

    /**
     * A finding as a record, for the API's response records: Jackson writes it as {@link #finding}.
     * A surface's own finding fields go beside it, the record held with {@code @JsonUnwrapped}.
     *
     * @param code the finding code
     * @param status a {@link Status} name
     * @param message the one-line message
     * @param mitigation the mitigation id
     */
    public record FindingJson(String code, String status, String message, String mitigation) {

        public static FindingJson of(Finding f) {
            return of(f.code(), f.status(), f.message(), f.mitigation());
        }

        public static FindingJson of(String code, Status status, String message, String mitigation) {
            return new FindingJson(code, status.name(), message, mitigation);
        }
    }
}
