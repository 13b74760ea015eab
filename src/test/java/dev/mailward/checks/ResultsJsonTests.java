package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three renderings of the one results shape are the same JSON: the maps (CLI tree, stored
 * history), the typed records (API responses, also when unwrapped beside context fields) and the
 * streaming writers (CLI one-line form, JSON report).
 */
class ResultsJsonTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static CheckResult sample() throws Exception {
        TXTRecord txt = new TXTRecord(Name.fromString("x.test."), 1, 300, List.of("v=spf1 +all \"é\""));
        DnsAnswer answer = new DnsAnswer(
                "x.test.",
                "TXT",
                DnsOutcome.OK,
                List.of(txt),
                List.of(),
                DnssecStatus.INSECURE,
                Optional.empty(),
                "127.0.0.1:53",
                false,
                false,
                Duration.ofMillis(3),
                Optional.empty());
        Evidence evidence = Evidence.builder()
                .dns(List.of(answer))
                .transcript(List.of(new Evidence.TranscriptLine(4, "S", "220 mx.x.test ESMTP")))
                .detail("spfTree", Map.of("lookups", 1))
                .build();
        return CheckResult.of(
                "spf",
                "x.test",
                List.of(
                        new Finding("SPF_PLUS_ALL", Status.FAIL, "+all authorises every host", "spf-dkim"),
                        new Finding("SPF_PRESENT", Status.PASS, "one v=spf1 record", "spf-dkim")),
                evidence,
                Instant.parse("2026-11-27T10:00:00.123456Z"),
                Duration.ofMillis(42));
    }

    /** An API-like response record: context fields beside the unwrapped shared ones. */
    record WithContext(String domain, @JsonUnwrapped ResultsJson.ResultJson result, Instant checkedAt) {}

    /** A surface's own finding fields beside the unwrapped shared ones. */
    record ExtendedFinding(@JsonUnwrapped ResultsJson.FindingJson finding, List<String> lines, String fix) {}

    @Test
    void theTypedResultIsWrittenAsTheMapsFirstFields() throws Exception {
        CheckResult r = sample();
        Map<String, Object> head = new LinkedHashMap<>(ResultsJson.result(r));
        head.remove("evidence");
        head.remove("elapsedMs");
        assertThat(JSON.writeValueAsString(ResultsJson.ResultJson.of(r))).isEqualTo(JSON.writeValueAsString(head));
        assertThat(JSON.writeValueAsString(
                        ResultsJson.FindingJson.of(r.findings().getFirst())))
                .isEqualTo(
                        JSON.writeValueAsString(ResultsJson.finding(r.findings().getFirst())));
    }

    @Test
    void contextFieldsGoBesideTheUnwrappedSharedFields() throws Exception {
        CheckResult r = sample();
        String json = JSON.writeValueAsString(new WithContext(
                "x.test", ResultsJson.ResultJson.of(r.check(), r.target(), r.status(), r.findings()), r.checkedAt()));
        assertThat(json)
                .isEqualTo("{\"domain\":\"x.test\",\"check\":\"spf\",\"target\":\"x.test\",\"status\":\"FAIL\","
                        + "\"findings\":" + JSON.writeValueAsString(ResultsJson.findings(r.findings()))
                        + ",\"checkedAt\":\"2026-11-27T10:00:00.123456Z\"}");
    }

    @Test
    void aSurfacesOwnFindingFieldsFollowTheSharedOnes() throws Exception {
        Finding f = sample().findings().getFirst();
        String shared = JSON.writeValueAsString(ResultsJson.finding(f));
        assertThat(JSON.writeValueAsString(new ExtendedFinding(ResultsJson.FindingJson.of(f), List.of("a"), "b")))
                .isEqualTo(shared.substring(0, shared.length() - 1) + ",\"lines\":[\"a\"],\"fix\":\"b\"}");
    }

    @Test
    void theStreamingWritersWriteWhatTheMapsHold() throws Exception {
        CheckResult r = sample();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
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
            g.writePOJO(ResultsJson.evidence(r.evidence()));
            g.writeNumberProperty("elapsedMs", r.elapsed().toMillis());
            g.writeEndObject();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(ResultsJson.result(r)));
    }
}
