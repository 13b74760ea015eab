package dev.mailward.reportintake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an SMTP TLS report (RFC 8460 §4, JSON). Nesting depth, value lengths and the number of policies and
 * failure details are bounded by {@link IntakeLimits}; unknown members are ignored.
 */
final class TlsRptJson {

    private final IntakeLimits limits;
    private final JsonMapper json;

    TlsRptJson(IntakeLimits limits) {
        this.limits = limits;
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxDepth())
                                .maxStringLength(limits.maxValueLength())
                                .maxNameLength(limits.maxValueLength())
                                .maxNumberLength(32)
                                .maxDocumentLength(limits.maxBytes())
                                .build())
                        .build())
                .build();
    }

    TlsReport parse(byte[] bytes) throws Unreadable {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new Unreadable("not readable JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable("not a TLS report: the JSON is not an object");
        }
        String org = text(root, "organization-name");
        String id = text(root, "report-id");
        JsonNode range = root.path("date-range");
        if (org == null) {
            throw new Unreadable("the TLS report names no reporter (organization-name)");
        }
        if (id == null) {
            throw new Unreadable("the TLS report has no report-id");
        }
        Instant begin = time(text(range, "start-datetime"), "date-range/start-datetime");
        Instant end = time(text(range, "end-datetime"), "date-range/end-datetime");
        JsonNode policies = root.path("policies");
        if (!policies.isArray() || policies.isEmpty()) {
            throw new Unreadable("the TLS report has no policies");
        }
        List<TlsReport.Policy> out = new ArrayList<>();
        int details = 0;
        for (JsonNode p : policies) {
            JsonNode policy = p.path("policy");
            String domain = text(policy, "policy-domain");
            if (domain == null) {
                throw new Unreadable("a policy of the TLS report names no policy-domain");
            }
            List<TlsReport.Failure> failures = new ArrayList<>();
            for (JsonNode f : p.path("failure-details")) {
                if (++details > limits.maxRecords()) {
                    throw new Unreadable("more than " + limits.maxRecords() + " failure details");
                }
                String type = text(f, "result-type");
                if (type == null) {
                    throw new Unreadable("a failure detail has no result-type");
                }
                failures.add(new TlsReport.Failure(
                        type.toLowerCase(Locale.ROOT),
                        text(f, "sending-mta-ip"),
                        lowerName(text(f, "receiving-mx-hostname")),
                        text(f, "receiving-ip"),
                        count(f, "failed-session-count")));
            }
            JsonNode summary = p.path("summary");
            out.add(new TlsReport.Policy(
                    String.valueOf(text(policy, "policy-type")).toLowerCase(Locale.ROOT),
                    lowerName(domain),
                    count(summary, "total-successful-session-count"),
                    count(summary, "total-failure-session-count"),
                    List.copyOf(failures)));
        }
        return new TlsReport(org, text(root, "contact-info"), id, begin, end, List.copyOf(out));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isString()) {
            return null;
        }
        String s = v.stringValue().strip();
        return s.isEmpty() ? null : s;
    }

    private static long count(JsonNode node, String field) throws Unreadable {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new Unreadable(field + " is not a session count: " + v);
        }
        return v.longValue();
    }

    private static Instant time(String value, String what) throws Unreadable {
        if (value == null) {
            throw new Unreadable("the TLS report has no " + what);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Unreadable(what + " is not an RFC 3339 time: " + value);
        }
    }

    private static String lowerName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
