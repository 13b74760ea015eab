package dev.mailward.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Seeing it work in a lab" command is one a lab can run as written: a private resolver does
 * not serve the public root, so the command passes the lab's DNSSEC trust anchors, and every setting it
 * names is one the settings table documents.
 */
class ReadmeLabExampleTests {

    private static final Pattern SETTING = Pattern.compile("--(mailward\\.[a-z.-]+)=(\\S+?)(?=[\\s\"])");

    @Test
    void theLabCommandPassesTrustAnchorsAndOnlyDocumentedSettings() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int lab = readme.indexOf("### Seeing it work in a lab");
        assertThat(lab).as("the lab section").isNotNegative();
        String command = readme.lines()
                .skip(readme.substring(0, lab).lines().count())
                .filter(l -> l.startsWith("./mvnw spring-boot:run"))
                .findFirst()
                .orElseThrow();
        List<String> settings =
                SETTING.matcher(command).results().map(m -> m.group(1)).toList();
        assertThat(settings).contains("mailward.dns.resolvers", "mailward.dns.trust-anchors");
        for (String setting : settings) {
            assertThat(readme).as("the settings table documents " + setting).contains("| `" + setting + "` |");
        }
        Matcher anchors = Pattern.compile("--mailward\\.dns\\.trust-anchors=(\\S+?)(?=[\\s\"])")
                .matcher(command);
        assertThat(anchors.find()).isTrue();
        // the section says what the file holds
        assertThat(readme.substring(lab, readme.indexOf("\n## ", lab)))
                .contains(anchors.group(1))
                .contains("DS or DNSKEY");
    }
}
