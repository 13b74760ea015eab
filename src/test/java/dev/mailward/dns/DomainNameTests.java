package dev.mailward.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DomainNameTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bücher.example          | xn--bcher-kva.example
            BÜCHER.Example          | xn--bcher-kva.example
            EXAMPLE.ORG             | example.org
            example.org.            | example.org
            '  Mail.Example.COM  '  | mail.example.com
            faß.de                  | xn--fa-hia.de
            例え.テスト              | xn--r8jz45g.xn--zckzah
            ｅｘａｍｐｌｅ．org       | example.org
            xn--bcher-kva.example   | xn--bcher-kva.example
            XN--BCHER-KVA.EXAMPLE.  | xn--bcher-kva.example
            123.example             | 123.example
            a-b.c-d.example         | a-b.c-d.example
            """)
    void normalisesToLowerCaseALabel(String input, String expected) {
        assertThat(DomainName.parse(input).ascii()).isEqualTo(expected);
    }

    @Test
    void showsTheULabelForDisplay() {
        DomainName name = DomainName.parse("xn--bcher-kva.example");
        assertThat(name.unicode()).isEqualTo("bücher.example");
        assertThat(name.isInternationalized()).isTrue();
        assertThat(DomainName.parse("example.org").unicode()).isEqualTo("example.org");
    }

    @Test
    void acceptsNamesAtTheLengthLimits() {
        String label63 = "a".repeat(63);
        assertThat(DomainName.parse(label63 + ".example").ascii()).startsWith(label63);
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(DomainName.parse(name253).ascii()).hasSize(253);
    }

    @Test
    void canonicalConstructorRefusesUnnormalisedForms() {
        assertThatThrownBy(() -> new DomainName("Example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DomainName("example.org")).isEqualTo(DomainName.parse("EXAMPLE.org."));
    }

    @Test
    void corpusHasAtLeastFortyBadNames() throws IOException {
        assertThat(badNames()).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badNames")
    void refusesBadNameNamingTheProblem(String shown, String input, String reason) {
        assertThatThrownBy(() -> DomainName.parse(input))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void illegalCharacterReasonHasAMessageKeyAndArguments() {
        try {
            DomainName.parse("exa_mple.org");
        } catch (InvalidDomainNameException e) {
            assertThat(e.messageKey()).isEqualTo("inventory.name.ILLEGAL_CHARACTER");
            assertThat(e.arguments()).containsExactly("exa_mple.org", "'_' (U+005F)", 4);
            return;
        }
        throw new AssertionError("not refused");
    }

    static Stream<Arguments> badNames() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = DomainNameTests.class.getResourceAsStream("/inventory/bad-domains.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String name = unescape(line.substring(0, tab));
                String reason = unescape(line.substring(tab + 1));
                out.add(Arguments.of(line.substring(0, tab), name, reason));
            }
        }
        return out.stream();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
