package dev.mailward.checks.tlsrpt;

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

/** Record parsing against {@code conformance/mta-sts-tlsrpt/tlsrpt-vectors.yaml} (mox's cases). */
class TlsRptConformanceTests {

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> tlsRptRecordsParseAsTheVectorsSay() throws IOException {
        String dir = System.getProperty("mailward.conformance.dir", "../shared/conformance");
        Path p = Path.of(dir.isBlank() ? "../shared/conformance" : dir).resolve("mta-sts-tlsrpt/tlsrpt-vectors.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(p), "conformance suite not found at " + p.toAbsolutePath());
        Map<String, Object> doc;
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        List<Map<String, Object>> records = (List<Map<String, Object>>) doc.get("records");
        assertThat(records).hasSize(20);
        return records.stream()
                .map(v -> DynamicTest.dynamicTest(String.valueOf(v.get("record")), () -> {
                    TlsRptRecord.Parsed parsed = TlsRptRecord.parse((String) v.get("record"));
                    boolean valid = (Boolean) v.get("valid");
                    assertThat(parsed)
                            .as("note: %s", v.get("note"))
                            .isInstanceOf(valid ? TlsRptRecord.Valid.class : TlsRptRecord.Invalid.class);
                    if (valid) {
                        Map<String, Object> expect = (Map<String, Object>) v.get("expect");
                        TlsRptRecord r = ((TlsRptRecord.Valid) parsed).record();
                        List<List<String>> rua = (List<List<String>>) expect.get("rua");
                        assertThat(r.rua())
                                .isEqualTo(rua.stream().flatMap(List::stream).toList());
                        assertThat(r.ruaFields()).isEqualTo(rua.size());
                        List<List<String>> ext = (List<List<String>>) expect.getOrDefault("extensions", List.of());
                        assertThat(r.extensions().stream()
                                        .map(e -> List.of(e.getKey(), e.getValue()))
                                        .toList())
                                .isEqualTo(ext);
                    }
                }));
    }
}
