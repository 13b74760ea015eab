package dev.mailward.checks.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Record and policy parsing against {@code conformance/mta-sts-tlsrpt/mta-sts-vectors.yaml} (mox's cases). */
class MtaStsConformanceTests {

    static Map<String, Object> load(String file) throws IOException {
        String dir = System.getProperty("mailward.conformance.dir", "../shared/conformance");
        Path p = Path.of(dir.isBlank() ? "../shared/conformance" : dir)
                .resolve("mta-sts-tlsrpt")
                .resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(p), "conformance suite not found at " + p.toAbsolutePath());
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
    }

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> stsRecordsParseAsTheVectorsSay() throws IOException {
        List<Map<String, Object>> records =
                (List<Map<String, Object>>) load("mta-sts-vectors.yaml").get("records");
        assertThat(records).hasSize(18);
        return records.stream()
                .map(v -> DynamicTest.dynamicTest(String.valueOf(v.get("record")), () -> {
                    StsRecord.Parsed parsed = StsRecord.parse((String) v.get("record"));
                    boolean valid = (Boolean) v.get("valid");
                    assertThat(parsed)
                            .as("note: %s", v.get("note"))
                            .isInstanceOf(valid ? StsRecord.Valid.class : StsRecord.Invalid.class);
                    if (valid) {
                        Map<String, Object> expect = (Map<String, Object>) v.get("expect");
                        StsRecord r = ((StsRecord.Valid) parsed).record();
                        assertThat(r.id()).isEqualTo(expect.get("id"));
                        List<List<String>> ext = (List<List<String>>) expect.getOrDefault("extensions", List.of());
                        assertThat(r.extensions().stream()
                                        .map(e -> List.of(e.getKey(), e.getValue()))
                                        .toList())
                                .isEqualTo(ext);
                    }
                }));
    }

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> policiesParseAsTheVectorsSay() throws IOException {
        List<Map<String, Object>> policies =
                (List<Map<String, Object>>) load("mta-sts-vectors.yaml").get("policies");
        assertThat(policies).hasSize(24);
        return policies.stream()
                .map(v -> DynamicTest.dynamicTest(
                        "policy \"" + String.valueOf(v.get("policy")).replace("\n", "\\n") + "\" (" + v.get("note")
                                + ")",
                        () -> {
                            StsPolicy.Parsed parsed = StsPolicy.parse((String) v.get("policy"));
                            boolean valid = (Boolean) v.get("valid");
                            assertThat(parsed)
                                    .as("note: %s", v.get("note"))
                                    .isInstanceOf(valid ? StsPolicy.Valid.class : StsPolicy.Invalid.class);
                            if (valid) {
                                Map<String, Object> expect = (Map<String, Object>) v.get("expect");
                                StsPolicy p = ((StsPolicy.Valid) parsed).policy();
                                assertThat(p.mode()).isEqualTo(expect.get("mode"));
                                assertThat(p.mx()).isEqualTo(expect.get("mx"));
                                assertThat(p.maxAge()).isEqualTo(((Number) expect.get("max_age")).longValue());
                                List<List<String>> ext =
                                        (List<List<String>>) expect.getOrDefault("extensions", List.of());
                                assertThat(p.extensions().stream()
                                                .map(e -> List.of(e.getKey(), e.getValue()))
                                                .toList())
                                        .isEqualTo(ext);
                            }
                        }));
    }
}
