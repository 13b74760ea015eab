package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** TLSA association data against the 18 vectors of {@code conformance/dane/tlsa-compute} (OpenSSL danetest). */
class TlsaGeneratorConformanceTests {

    static Path dir() {
        Path d = Path.of(
                System.getProperty("mailward.conformance.dir", "../shared/conformance"), "dane", "tlsa-compute");
        Assumptions.assumeTrue(
                Files.isRegularFile(d.resolve("tlsa-association-vectors.tsv")),
                "conformance suite not found at " + d.toAbsolutePath());
        return d;
    }

    static X509Certificate load(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> associationDataMatchesEveryVector() throws Exception {
        Path d = dir();
        List<DynamicTest> tests = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(d.resolve("tlsa-association-vectors.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] f = line.split("\t");
            String file = f[0];
            int selector = Integer.parseInt(f[3]);
            int mtype = Integer.parseInt(f[4]);
            String expected = f[5];
            tests.add(DynamicTest.dynamicTest(
                    file + " " + f[2] + " " + selector + " " + mtype,
                    () -> assertThat(TlsaGenerator.association(load(d.resolve(file)), selector, mtype))
                            .isEqualToIgnoringCase(expected)));
        }
        assertThat(tests).hasSize(18);
        return tests.stream();
    }

    @Test
    void recordsForAChainAreEndEntityAndIssuerSpkiSha256() throws Exception {
        Path d = dir();
        X509Certificate leaf = load(d.resolve("example.com.pem"));
        X509Certificate issuer = load(d.resolve("issuer-ca.pem"));
        var records = TlsaGenerator.forChain("MX1.Example.com.", 25, List.of(leaf, issuer, issuer));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).zoneLine())
                .isEqualTo("_25._tcp.mx1.example.com. 3600 IN TLSA 3 1 1 " + TlsaGenerator.association(leaf, 1, 1));
        assertThat(records.get(1).usage()).isEqualTo(2);
        assertThat(records.get(1).data())
                .isEqualTo(TlsaGenerator.association(issuer, 1, 1))
                .hasSize(64);
        assertThat(TlsaGenerator.fix("mx1.example.com", 25, List.of(leaf)).explanation())
                .contains("next key", "DNSSEC");
    }
}
