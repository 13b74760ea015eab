package dev.mailward.checks.dane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The DANE matching logic against OpenSSL's danetest suite and the TLSA association vectors in
 * {@code conformance/dane} (see its README). Our verifier is the SMTP profile of RFC 7672:
 * usages 0/1 are unusable, DANE-EE ignores names. Blocks are mapped accordingly:
 * <ul>
 * <li>DANE-only RRsets (usages 2/3): verdict and match depth must equal OpenSSL's; a name
 * mismatch (62) must show as a DANE-TA match whose certificate does not name example.com, except
 * for DANE-EE, where RFC 7672 §3.1.1 says names are not checked (we match where OpenSSL's default
 * mode does not: a deliberate, documented deviation, asserted as such).</li>
 * <li>PKIX-only RRsets (usages 0/1): the SMTP verdict must be "no usable records"; the raw
 * association matching must find a record matching at OpenSSL's depth when it verified (0) and
 * none when it reported no match (65). PKIX path validation (result 20) is out of the SMTP profile.</li>
 * <li>Mixed RRsets: the SMTP verdict must equal OpenSSL's (the DANE record wins in every block).</li>
 * </ul>
 */
class DaneConformanceTests {

    private static final Path DIR =
            Path.of(System.getProperty("mailward.conformance.dir", "../shared/conformance"), "dane");

    record Block(String name, List<Tlsa> records, List<byte[]> chain, boolean noNameChecks, int result, int depth) {}

    static List<Block> load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        String lastComment = "";
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("#")) {
                lastComment = l.substring(1).strip();
                continue;
            }
            if (!l.matches("\\d+ \\d+ [01] -?\\d+ -?\\d+")) {
                continue;
            }
            String[] h = l.split(" ");
            int nTlsa = Integer.parseInt(h[0]);
            int nCerts = Integer.parseInt(h[1]);
            List<Tlsa> records = new ArrayList<>();
            for (int k = 0; k < nTlsa; k++) {
                records.add(Tlsa.parse(lines.get(++i)));
            }
            List<byte[]> chain = new ArrayList<>();
            StringBuilder pem = null;
            while (chain.size() < nCerts) {
                String c = lines.get(++i).strip();
                if (c.equals("-----BEGIN CERTIFICATE-----")) {
                    pem = new StringBuilder();
                } else if (c.equals("-----END CERTIFICATE-----")) {
                    chain.add(Base64.getMimeDecoder().decode(pem.toString()));
                    pem = null;
                } else if (pem != null) {
                    pem.append(c);
                }
            }
            blocks.add(new Block(
                    "#" + (blocks.size() + 1) + " " + lastComment,
                    records,
                    chain,
                    h[2].equals("1"),
                    Integer.parseInt(h[3]),
                    Integer.parseInt(h[4])));
        }
        return blocks;
    }

    /** The DER of the first PEM certificate in {@code text} (informative header lines skipped). */
    static byte[] pemDer(String text) {
        int begin = text.indexOf("-----BEGIN CERTIFICATE-----");
        int end = text.indexOf("-----END CERTIFICATE-----", begin);
        return Base64.getMimeDecoder().decode(text.substring(begin + 27, end).strip());
    }

    static Path suite(String name) {
        Path p = DIR.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "conformance suite not found at " + p.toAbsolutePath());
        return p;
    }

    @TestFactory
    Stream<DynamicTest> opensslDanetestBlocks() throws IOException {
        List<Block> blocks = load(suite("openssl/danetest.in"));
        assertThat(blocks).hasSize(54);
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> check(b, "example.com")));
    }

    @TestFactory
    Stream<DynamicTest> opensslCrossCertificateBlock() throws IOException {
        List<Block> blocks = load(suite("openssl/dane-cross.in"));
        assertThat(blocks).hasSize(1);
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> check(b, "server.example")));
    }

    static void check(Block b, String reference) throws IOException {
        boolean anyDane = b.records().stream().anyMatch(t -> !t.isPkixUsage());
        DaneMatcher.Verdict v = DaneMatcher.verify(b.records(), b.chain());
        if (!anyDane) {
            assertThat(v.outcome()).as("SMTP ignores PKIX usages").isEqualTo(DaneMatcher.Outcome.NO_USABLE_RECORDS);
            if (b.result() == 0) {
                assertThat(rawMatchDepths(b))
                        .as("a record matches at OpenSSL's depth")
                        .contains(b.depth());
            } else if (b.result() == 65) {
                assertThat(rawMatchDepths(b)).as("no record matches").isEmpty();
            }
            return;
        }
        switch (b.result()) {
            case 0 -> {
                assertThat(v.outcome()).isEqualTo(DaneMatcher.Outcome.MATCH);
                assertThat(v.depth()).isEqualTo(b.depth());
                if (!b.noNameChecks() && v.record().orElseThrow().usage() == Tlsa.DANE_TA) {
                    assertThat(DaneMatcher.namesHost(b.chain().getFirst(), reference))
                            .isTrue();
                }
            }
            case 65 -> assertThat(v.outcome()).isEqualTo(DaneMatcher.Outcome.NO_MATCH);
            case 62 -> {
                assertThat(v.outcome()).isEqualTo(DaneMatcher.Outcome.MATCH);
                assertThat(v.depth()).isEqualTo(b.depth());
                // the name is wrong for example.com: DANE-TA reports it, DANE-EE ignores it (RFC 7672 §3.1.1)
                assertThat(DaneMatcher.namesHost(b.chain().getFirst(), reference))
                        .isFalse();
            }
            default -> throw new AssertionError("unexpected expected result " + b.result() + " in " + b.name());
        }
    }

    /**
     * Depths at which any record's association data matches the presented certificate, or the
     * PKIX trust anchor ({@code danetest.pem}) above the chain when the server did not send it.
     */
    static List<Integer> rawMatchDepths(Block b) throws IOException {
        List<byte[]> chain = new ArrayList<>(b.chain());
        byte[] root = pemDer(Files.readString(suite("openssl/danetest.pem")));
        if (!java.util.Arrays.equals(chain.getLast(), root)) {
            chain.add(root);
        }
        List<Integer> depths = new ArrayList<>();
        for (int d = 0; d < chain.size(); d++) {
            for (Tlsa t : b.records()) {
                if (DaneMatcher.matches(t, chain.get(d))) {
                    depths.add(d);
                }
            }
        }
        return depths;
    }

    @Test
    void computesEveryAssociationVector() throws Exception {
        Path tsv = suite("tlsa-compute/tlsa-association-vectors.tsv");
        int rows = 0;
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("cert_file")) {
                continue;
            }
            String[] f = line.split("\t");
            byte[] der = pemDer(Files.readString(tsv.resolveSibling(f[0])));
            byte[] computed = DaneMatcher.association(der, Integer.parseInt(f[3]), Integer.parseInt(f[4]))
                    .orElseThrow();
            assertThat(HexFormat.of().formatHex(computed)).as(line).isEqualToIgnoringCase(f[5].strip());
            rows++;
        }
        assertThat(rows).isEqualTo(18);
    }

    @Test
    void suggestedRecordsMatchTheChainTheyWereComputedFrom() throws Exception {
        Path tsv = suite("tlsa-compute/tlsa-association-vectors.tsv");
        List<byte[]> chain = new ArrayList<>();
        for (String f : List.of("example.com.pem", "issuer-ca.pem")) {
            chain.add(pemDer(Files.readString(tsv.resolveSibling(f))));
        }
        List<Tlsa> suggested = DaneMatcher.suggest(chain);
        assertThat(suggested)
                .extracting(Tlsa::shortText)
                .containsExactly("3 1 1 3111668338043de2…", "2 1 1 65a457617072da3e…");
        assertThat(DaneMatcher.verify(suggested, chain).outcome()).isEqualTo(DaneMatcher.Outcome.MATCH);
        assertThat(DaneMatcher.verify(List.of(suggested.get(1)), chain).depth()).isEqualTo(1);
        assertThat(MessageDigest.isEqual(
                        suggested.getFirst().data(),
                        DaneMatcher.association(chain.getFirst(), 1, 1).orElseThrow()))
                .isTrue();
    }
}
