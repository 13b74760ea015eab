package dev.mailward.reports;

import dev.mailward.checks.Finding;
import dev.mailward.checks.ResultsJson;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.results.AcceptedFinding;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON export, written with Jackson's streaming generator one domain at a time. The structure is
 * described by {@code /schemas/report.schema.json}: {@code report} (the cover), {@code domains}
 * (results, findings, evidence, exceptions, mitigation statuses and score per domain) and
 * {@code summary} last, because it is known only after the last domain. A result and its findings are
 * in the one results shape ({@link ResultsJson}), with the report's {@code checkedAt} and
 * {@code accepted} beside the shared fields.
 */
final class JsonReportWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonReportWriter() {}

    static void write(
            ReportHeader header,
            Iterator<DomainSnapshot> domains,
            Function<DomainSnapshot, DomainAssessment> assess,
            ReportSummary summary,
            OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringProperty("$schema", "/schemas/report.schema.json");
            g.writeName("report");
            g.writeStartObject();
            g.writeNumberProperty("id", header.id());
            g.writeStringProperty("format", header.format().name());
            g.writeName("scope");
            g.writeStartObject();
            g.writeStringProperty("kind", header.scopeKind());
            g.writeStringProperty("label", header.scopeLabel());
            g.writeEndObject();
            g.writeStringProperty("asOf", header.asOf().toString());
            g.writeBooleanProperty("current", header.current());
            g.writeStringProperty("since", header.since().map(Object::toString).orElse(null));
            g.writeStringProperty("generatedBy", header.generatedBy());
            g.writeStringProperty("generatedAt", header.generatedAt().toString());
            g.writeEndObject();

            g.writeName("domains");
            g.writeStartArray();
            while (domains.hasNext()) {
                DomainSnapshot d = domains.next();
                DomainAssessment a = assess.apply(d);
                summary.add(d, a);
                domain(g, d, a);
                g.flush();
            }
            g.writeEndArray();

            g.writeName("summary");
            g.writeStartObject();
            g.writeNumberProperty("domainCount", summary.domains());
            g.writeNumberProperty("resultCount", summary.results());
            g.writeNumberProperty("scoredDomains", summary.scoredDomains());
            if (summary.averageScore().isPresent()) {
                g.writeNumberProperty(
                        "averageScore", Math.round(summary.averageScore().getAsDouble() * 10) / 10.0);
            } else {
                g.writeNullProperty("averageScore");
            }
            g.writeName("mitigations");
            g.writeStartArray();
            summary.compliance().forEach((m, counts) -> {
                g.writeStartObject();
                g.writeStringProperty("id", m.id());
                g.writeName("counts");
                g.writeStartObject();
                counts.forEach((s, n) -> g.writeNumberProperty(s.name(), n));
                g.writeEndObject();
                g.writeEndObject();
            });
            g.writeEndArray();
            if (summary.changes().isPresent()) {
                ReportSource.Changes c = summary.changes().get();
                g.writeName("changes");
                g.writeStartObject();
                g.writeName("counts");
                g.writeStartObject();
                c.counts().forEach(g::writeNumberProperty);
                g.writeEndObject();
                g.writeName("newest");
                g.writeStartArray();
                for (ReportSource.Change x : c.newest()) {
                    g.writeStartObject();
                    g.writeStringProperty("domain", x.domain());
                    g.writeStringProperty("check", x.check());
                    g.writeStringProperty("target", x.target());
                    g.writeStringProperty("direction", x.direction());
                    g.writeStringProperty("from", x.from().name());
                    g.writeStringProperty("to", x.to().name());
                    g.writeStringProperty("detectedAt", x.detectedAt().toString());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void domain(JsonGenerator g, DomainSnapshot d, DomainAssessment a) {
        g.writeStartObject();
        g.writeNumberProperty("id", d.id());
        g.writeStringProperty("domain", d.name());
        g.writeStringProperty("displayName", d.displayName());
        g.writeStringProperty("team", d.teamName());
        g.writeName("tags");
        g.writeStartArray();
        for (String t : d.tags()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeName("score");
        g.writeStartObject();
        if (a.score().percent().isPresent()) {
            g.writeNumberProperty("percent", a.score().percent().getAsInt());
        } else {
            g.writeNullProperty("percent");
        }
        g.writeStringProperty("explanation", a.score().explanation());
        g.writeEndObject();
        g.writeName("mitigations");
        g.writeStartObject();
        for (Map.Entry<dev.mailward.checks.Mitigation, dev.mailward.mitigations.MitigationAssessment> e :
                a.mitigations().entrySet()) {
            MitigationStatus s = e.getValue().status();
            g.writeStringProperty(e.getKey().id(), s.name());
        }
        g.writeEndObject();
        g.writeName("results");
        g.writeStartArray();
        for (ReportRow r : d.results()) {
            g.writeStartObject();
            ResultsJson.writeResultHead(g, r.check(), r.target(), r.status());
            g.writeStringProperty("checkedAt", r.checkedAt().toString());
            g.writeName("findings");
            g.writeStartArray();
            for (Finding f : r.findings()) {
                g.writeStartObject();
                ResultsJson.writeFindingFields(g, f);
                g.writeBooleanProperty("accepted", d.accepted(r, f.code()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("evidence");
            // the stored evidence is JSON PostgreSQL produced from our own jsonb column
            g.writeRawValue(r.evidenceJson().orElse("{}"));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("exceptions");
        g.writeStartArray();
        for (AcceptedFinding x : d.exceptions()) {
            g.writeStartObject();
            g.writeStringProperty("check", x.check());
            g.writeStringProperty("target", x.target());
            g.writeStringProperty("code", x.code());
            g.writeStringProperty("reason", x.reason());
            g.writeStringProperty("expiresOn", x.expiresOn().toString());
            g.writeStringProperty("acceptedBy", x.createdBy());
            g.writeStringProperty("acceptedAt", x.createdAt().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
