package dev.mailward.checks.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Key-record parsing against the DKIM conformance data in {@code conformance/dkim} (see its
 * README): the dkimpy key files with their manifest, the Mail::DKIM fake DNS file, and the key
 * records heading the Stalwart corpus files. Signature verification is out of scope.
 */
class DkimKeyConformanceTests {

    private static Path suite() {
        String dir = System.getProperty("mailward.conformance.dir", "../shared/conformance");
        Path p = Path.of(dir.isBlank() ? "../shared/conformance" : dir).resolve("dkim");
        Assumptions.assumeTrue(Files.isDirectory(p), "conformance suite not found at " + p.toAbsolutePath());
        return p;
    }

    /** Our reading of a key record: usable for e-mail, revoked, unusable for e-mail, or invalid. */
    private static String classify(String text) {
        return switch (DkimKeyRecord.parse(text)) {
            case DkimKeyRecord.Invalid i -> "invalid";
            case DkimKeyRecord.Valid v when v.record().revoked() -> "revoked";
            case DkimKeyRecord.Valid v when !v.record().forEmail() -> "invalid-for-email";
            case DkimKeyRecord.Valid v -> "valid";
        };
    }

    @TestFactory
    Stream<DynamicTest> dkimpyKeyRecordsMatchTheManifest() throws IOException {
        Path dir = suite().resolve("dkimpy");
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.startsWith("file\t") || line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            if (!cols[1].equals("key")) {
                continue;
            }
            String file = cols[0];
            String expected = cols[3];
            tests.add(DynamicTest.dynamicTest(file + " is " + expected, () -> {
                String text = Files.readString(dir.resolve(file), StandardCharsets.ISO_8859_1)
                        .strip();
                assertThat(classify(text)).as(text).isEqualTo(expected);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(8);
        return tests.stream();
    }

    /**
     * Expected reading of each key in Mail::DKIM's {@code FAKE_DNS.dat}, from RFC 6376 §3.6.1 and
     * RFC 8463 (not from Mail::DKIM's legacy verifier: g= is obsolete and ignored, unknown h= values
     * are ignored so h=bad leaves no usable hash).
     */
    private static final Map<String, String> FAKE_DNS_EXPECTED = Map.ofEntries(
            Map.entry("expirationtest._domainkey.example.org", "valid rsa 1024"),
            Map.entry("selector1._domainkey.messiah.edu", "valid rsa 1024"),
            Map.entry("test1._domainkey.messiah.edu", "valid rsa 512 testing"),
            Map.entry("test2._domainkey.messiah.edu", "valid rsa 512 testing sha1only"),
            Map.entry("test3._domainkey.messiah.edu", "valid rsa 512"),
            Map.entry("test4._domainkey.messiah.edu", "valid rsa 512"),
            Map.entry("test5._domainkey.messiah.edu", "valid rsa 512"),
            Map.entry("test6._domainkey.messiah.edu", "valid rsa 1024"),
            Map.entry("testbad1._domainkey.messiah.edu", "invalid"),
            Map.entry("testbad2._domainkey.messiah.edu", "invalid"),
            Map.entry("testbad3._domainkey.messiah.edu", "invalid"),
            Map.entry("testbad4._domainkey.messiah.edu", "invalid-for-email"),
            Map.entry("testbad7._domainkey.messiah.edu", "invalid"),
            Map.entry("testbad8._domainkey.messiah.edu", "valid rsa 512"),
            Map.entry("testrevoked._domainkey.messiah.edu", "revoked"),
            Map.entry("s1024._domainkey.yahoo.com", "valid rsa 1024 testing"),
            Map.entry("beta._domainkey.gmail.com", "valid rsa 1024 testing"),
            Map.entry("jakla2._domainkey.ijs.si", "valid rsa 1024"),
            Map.entry("shan._domainkey.vmt2.cis.att.net", "valid rsa 768"),
            Map.entry("foo._domainkey.vmt2.cis.att.net", "valid rsa 768"),
            Map.entry("2023-05-ed25519._domainkey.wander.science", "valid ed25519"),
            Map.entry("2023-05-ed25519-empty._domainkey.wander.science", "invalid"),
            Map.entry("invalid._domainkey.wander.science", "invalid"));

    private static String describe(String text) {
        String c = classify(text);
        if (!c.equals("valid")) {
            return c;
        }
        DkimKeyRecord k = ((DkimKeyRecord.Valid) DkimKeyRecord.parse(text)).record();
        StringBuilder sb = new StringBuilder("valid ").append(k.keyType());
        k.rsaBits().ifPresent(b -> sb.append(' ').append(b));
        if (k.testing()) {
            sb.append(" testing");
        }
        if (k.sha1Only()) {
            sb.append(" sha1only");
        }
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> mailDkimFakeDnsKeysParseAsRfc6376Says() throws IOException {
        Path file = suite().resolve("mail-dkim/FAKE_DNS.dat");
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String value = parts.length > 1 ? parts[1] : "";
            if (value.equals("NXDOMAIN") || value.startsWith("~~")) {
                continue; // DNS outcomes, not key records
            }
            keys.put(parts[0].toLowerCase(), value.equals("\"\"") ? "" : value);
        }
        assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(FAKE_DNS_EXPECTED.keySet());
        return keys.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(
                        e.getKey(),
                        () -> assertThat(describe(e.getValue()))
                                .as(e.getValue())
                                .isEqualTo(FAKE_DNS_EXPECTED.get(e.getKey()))));
    }

    @TestFactory
    Stream<DynamicTest> stalwartCorpusKeysAreAllUsable() throws IOException {
        Path dir = suite().resolve("stalwart");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d+\\.txt"))
                    .sorted()
                    .toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    if (line.isBlank()) {
                        break; // the key records end at the first empty line
                    }
                    String[] parts = line.split(" ", 2);
                    tests.add(DynamicTest.dynamicTest(
                            f.getFileName() + " " + parts[0],
                            () -> assertThat(describe(parts[1])).as(parts[1]).startsWith("valid ")));
                }
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> stalwartBareRsaPublicKeyIsRecognised() {
        Path f = suite().resolve("stalwart/002.txt");
        return Stream.of(DynamicTest.dynamicTest("002.txt newengland", () -> {
            String first = Files.readAllLines(f, StandardCharsets.ISO_8859_1).getFirst();
            DkimKeyRecord k = ((DkimKeyRecord.Valid) DkimKeyRecord.parse(first.split(" ", 2)[1])).record();
            assertThat(k.encoding()).contains("pkcs1");
            assertThat(k.rsaBits()).hasValue(1024);
        }));
    }
}
