package dev.mailward.cli;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DnssecOutage;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.ResultsJson;
import dev.mailward.dns.DnsEvidence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON "Results" format of CHECKS.md ({@link ResultsJson}, the one results shape shared with the
 * API and reports).
 *
 * <p>The one-line form ({@code --format jsonl}, one line per domain of a bulk run) is written
 * straight to a generator, field by field, instead of building the maps of {@link ResultsJson}
 * and handing them to the data binder: same bytes, a fraction of the work, which counts when a
 * bulk run renders thousands of reports a second. Values of unknown shape inside the evidence
 * details still go through the binder. {@code ReportJsonTests} holds the two forms equal.
 */
final class ReportJson {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();
    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Nesting followed by hand inside evidence details; deeper values go to the binder. */
    private static final int MAX_DEPTH = 32;

    private ReportJson() {}

    static String toJson(DomainReport report) {
        return PRETTY.writeValueAsString(tree(report));
    }

    static String toJsonArray(List<DomainReport> reports) {
        return PRETTY.writeValueAsString(reports.stream().map(ReportJson::tree).toList());
    }

    static String toJsonLine(DomainReport report) {
        return new String(toJsonLineBytes(report), StandardCharsets.UTF_8);
    }

    /** {@link #toJsonLine} as UTF-8 bytes, without a newline: what a bulk run writes to its output. */
    static byte[] toJsonLineBytes(DomainReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        writeJsonLine(report, out);
        return out.toByteArray();
    }

    /** Appends {@link #toJsonLineBytes} to {@code out} (a bulk run reuses its line buffers). */
    static void writeJsonLine(DomainReport report, ByteArrayOutputStream out) {
        try (JsonGenerator g = COMPACT.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, report);
        }
    }

    static Map<String, Object> tree(DomainReport report) {
        return ResultsJson.report(report);
    }

    private static void write(JsonGenerator g, DomainReport report) {
        g.writeStartObject();
        g.writeStringProperty("domain", report.domain());
        g.writeStringProperty("checkedAt", report.checkedAt().toString());
        g.writeStringProperty("status", report.worst().name());
        Optional<DnssecOutage> outage = DnssecOutage.of(report);
        if (outage.isPresent()) {
            g.writeName("dnssecOutage");
            ResultsJson.writeOutage(g, outage.get());
        }
        g.writeName("results");
        g.writeStartArray();
        for (CheckResult r : report.results()) {
            write(g, r);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, CheckResult r) {
        g.writeStartObject();
        ResultsJson.writeResultHead(g, r.check(), r.target(), r.status());
        g.writeName("findings");
        g.writeStartArray();
        for (Finding f : r.findings()) {
            g.writeStartObject();
            ResultsJson.writeFindingFields(g, f);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("evidence");
        write(g, r.evidence());
        g.writeNumberProperty("elapsedMs", r.elapsed().toMillis());
        g.writeEndObject();
    }

    /** As {@link ResultsJson#evidence}: the non-empty lists, then the details as top-level keys. */
    private static void write(JsonGenerator g, Evidence e) {
        g.writeStartObject();
        if (!e.dns().isEmpty()) {
            g.writeName("dns");
            g.writeStartArray();
            for (DnsEvidence d : e.dns()) {
                write(g, d);
            }
            g.writeEndArray();
        }
        if (!e.http().isEmpty()) {
            g.writeName("http");
            g.writeStartArray();
            for (Evidence.HttpExchange h : e.http()) {
                g.writeStartObject();
                g.writeStringProperty("url", h.url());
                g.writeStringProperty("address", h.address());
                g.writeNumberProperty("status", h.status());
                g.writeName("headers");
                value(g, h.headers(), 0);
                g.writeStringProperty("bodyExcerpt", h.bodyExcerpt());
                g.writeStringProperty("error", h.error());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!e.transcript().isEmpty()) {
            g.writeName("transcript");
            g.writeStartArray();
            for (Evidence.TranscriptLine t : e.transcript()) {
                g.writeStartObject();
                g.writeNumberProperty("atMillis", t.atMillis());
                g.writeStringProperty("direction", t.direction());
                g.writeStringProperty("text", t.text());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!e.certificates().isEmpty()) {
            g.writeName("certificates");
            value(g, e.certificates(), 0);
        }
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            g.writeName(d.getKey());
            value(g, d.getValue(), 0);
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, DnsEvidence d) {
        g.writeStartObject();
        g.writeStringProperty("name", d.name());
        g.writeStringProperty("type", d.type());
        g.writeStringProperty("outcome", d.outcome());
        g.writeName("records");
        g.writeStartArray();
        for (DnsEvidence.Rr rr : d.records()) {
            g.writeStartObject();
            g.writeStringProperty("name", rr.name());
            g.writeStringProperty("type", rr.type());
            g.writeNumberProperty("ttl", rr.ttl());
            g.writeStringProperty("data", rr.data());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringProperty("dnssec", d.dnssec());
        g.writeStringProperty("dnssecReason", d.dnssecReason());
        g.writeStringProperty("server", d.server());
        g.writeBooleanProperty("tcp", d.tcp());
        g.writeBooleanProperty("fromCache", d.fromCache());
        g.writeNumberProperty("elapsedMillis", d.elapsedMillis());
        g.writeStringProperty("error", d.error());
        g.writeEndObject();
    }

    /** Plain values by hand, the way the binder writes them; anything else through the binder. */
    private static void value(JsonGenerator g, Object v, int depth) {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Boolean b -> g.writeBoolean(b);
            case Enum<?> en -> g.writeString(en.name());
            case Map<?, ?> m
            when depth < MAX_DEPTH && allStringKeys(m) -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    g.writeName((String) en.getKey());
                    value(g, en.getValue(), depth + 1);
                }
                g.writeEndObject();
            }
            case Collection<?> c
            when depth < MAX_DEPTH -> {
                g.writeStartArray();
                for (Object o : c) {
                    value(g, o, depth + 1);
                }
                g.writeEndArray();
            }
            case Optional<?> o when depth < MAX_DEPTH -> value(g, o.orElse(null), depth + 1);
            default -> g.writePOJO(v);
        }
    }

    private static boolean allStringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
