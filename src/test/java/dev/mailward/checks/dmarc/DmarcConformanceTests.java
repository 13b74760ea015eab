package dev.mailward.checks.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.dmarc.DmarcDiscovery.LegacyResult;
import dev.mailward.checks.dmarc.DmarcDiscovery.TxtLookup;
import dev.mailward.checks.dmarc.DmarcDiscovery.TxtSource;
import dev.mailward.checks.dmarc.DmarcDiscovery.WalkResult;
import dev.mailward.checks.dmarc.DmarcRecord.ReportUri;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The transcribed DMARC vectors of {@code conformance/dmarc} (mox, OpenDMARC, Stalwart, DMARCbis
 * draft-41 examples): record parsing, RFC 7489 discovery with the Public Suffix List and the
 * RFC 9989 DNS tree walk (exact query sequence, organisational domain, applied policy). Vectors the
 * README marks {@code strictness: lenient} (one implementation's leniency, not the RFC) are
 * reported as skipped, not asserted.
 */
class DmarcConformanceTests {

    private static Path dir() {
        Path dir = Path.of(System.getProperty("mailward.conformance.dir", "../shared/conformance"), "dmarc");
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve("record-parse-vectors.yaml")), "conformance suite not found at " + dir);
        return dir;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(String file, String key) throws IOException {
        try (Reader r = Files.newBufferedReader(dir().resolve(file), StandardCharsets.UTF_8)) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return (List<Map<String, Object>>) doc.get(key);
        }
    }

    @TestFactory
    Stream<DynamicTest> recordParseVectors() throws IOException {
        List<Map<String, Object>> vectors = load("record-parse-vectors.yaml", "vectors");
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(60);
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> v : vectors) {
            String record = (String) v.get("record");
            String name = (i++) + " " + v.get("source") + " " + record;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                DmarcRecord parsed = DmarcParser.parse(record);
                boolean valid = (Boolean) v.get("valid");
                Assumptions.assumeFalse(
                        "lenient".equals(v.get("strictness")),
                        "lenient vector (valid=" + valid + " upstream, " + parsed.usableUnderRfc7489() + " here): "
                                + v.get("note"));
                assertThat(parsed.usableUnderRfc7489())
                        .as("usable: problems %s", parsed.problems())
                        .isEqualTo(valid);
                @SuppressWarnings("unchecked")
                Map<String, Object> expect = (Map<String, Object>) v.get("expect");
                if (expect != null) {
                    assertExpected(parsed, expect);
                }
            }));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void assertExpected(DmarcRecord r, Map<String, Object> expect) {
        assertThat(r.domainPolicy().token()).isEqualTo(expect.get("p"));
        assertThat(r.subdomainPolicy().token()).isEqualTo(expect.getOrDefault("sp", expect.get("p")));
        assertThat(r.adkim()).isEqualTo(expect.get("adkim"));
        assertThat(r.aspf()).isEqualTo(expect.get("aspf"));
        for (String tag : List.of("rua", "ruf")) {
            List<Map<String, Object>> want = (List<Map<String, Object>>) expect.getOrDefault(tag, List.of());
            List<ReportUri> got = tag.equals("rua") ? r.rua() : r.ruf();
            assertThat(got).hasSize(want.size());
            for (int k = 0; k < want.size(); k++) {
                assertThat(got.get(k).uri()).isEqualTo(want.get(k).get("uri"));
                assertThat(got.get(k).size().orElse(null)).isEqualTo(want.get(k).get("size"));
            }
        }
        if (expect.containsKey("pct") && r.tags().containsKey("pct")) {
            assertThat(Integer.parseInt(r.tags().get("pct"))).isEqualTo(expect.get("pct"));
        }
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> policyDiscoveryVectors() throws IOException {
        List<Map<String, Object>> vectors = load("policy-discovery-vectors.yaml", "vectors");
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(24);
        return vectors.stream()
                .map(v -> DynamicTest.dynamicTest(v.get("id") + " (" + v.get("model") + ")", () -> {
                    Map<String, Object> zone = (Map<String, Object>) v.get("zone");
                    Map<String, Object> expect = (Map<String, Object>) v.get("expect");
                    Set<String> exists = new HashSet<>((List<String>) v.getOrDefault("exists", List.of()));
                    exists.addAll(zone.keySet());
                    TxtSource source = name -> {
                        Object o = zone.get(name.substring("_dmarc.".length()));
                        if ("SERVFAIL".equals(o)) {
                            return TxtLookup.failure("SERVFAIL", "SERVFAIL from the vector's zone");
                        }
                        return TxtLookup.of(o == null ? List.of() : (List<String>) o);
                    };
                    String domain = (String) v.get("domain");
                    if (v.get("model").equals("rfc7489-psl")) {
                        LegacyResult r = DmarcDiscovery.rfc7489(domain, source, PublicSuffixList.bundled());
                        assertThat(r.status().name().toLowerCase(Locale.ROOT)).isEqualTo(expect.get("status"));
                        if (expect.containsKey("policy_domain")) {
                            assertThat(r.policy().orElseThrow().domain()).isEqualTo(expect.get("policy_domain"));
                        }
                        if (expect.containsKey("applied_policy")) {
                            var step = r.policy().orElseThrow();
                            assertThat(DmarcDiscovery.appliedPolicy(
                                                    step.record().orElseThrow(),
                                                    step.domain(),
                                                    domain,
                                                    exists.contains(domain),
                                                    false)
                                            .token())
                                    .isEqualTo(expect.get("applied_policy"));
                        }
                        return;
                    }
                    WalkResult walk = DmarcDiscovery.treeWalk(domain, source);
                    if (expect.containsKey("queries")) {
                        assertThat(walk.queried()).isEqualTo(expect.get("queries"));
                    }
                    if (Boolean.FALSE.equals(expect.get("record_found"))) {
                        assertThat(walk.policy()).isEmpty();
                    }
                    if (expect.containsKey("org_domain")) {
                        assertThat(walk.orgDomain()).contains((String) expect.get("org_domain"));
                    }
                    if (expect.containsKey("policy_domain")) {
                        assertThat(walk.policy().orElseThrow().domain()).isEqualTo(expect.get("policy_domain"));
                    }
                    if (expect.containsKey("applied_policy")) {
                        var step = walk.policy().orElseThrow();
                        assertThat(DmarcDiscovery.appliedPolicy(
                                                step.record().orElseThrow(),
                                                step.domain(),
                                                domain,
                                                exists.contains(domain),
                                                true)
                                        .token())
                                .isEqualTo(expect.get("applied_policy"));
                    }
                    Map<String, String> identifiers = (Map<String, String>) v.getOrDefault("identifiers", Map.of());
                    for (String kind : List.of("spf", "dkim")) {
                        String key = kind + "_aligned_relaxed";
                        if (expect.containsKey(key)) {
                            String other = DmarcDiscovery.treeWalk(identifiers.get(kind), source)
                                    .orgDomain()
                                    .orElseThrow();
                            assertThat(walk.orgDomain().orElseThrow().equals(other))
                                    .as(key)
                                    .isEqualTo(expect.get(key));
                        }
                    }
                }));
    }
}
