package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code java -jar mailward.jar --help} explains the two ways to run the jar instead of starting the console. */
class MailwardApplicationHelpTests {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void printsUsageAndReturnsWithoutStartingAnything(String arg) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            MailwardApplication.main(new String[] {arg}); // would block serving HTTP if it started the console
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: java -jar mailward.jar [--PROPERTY=VALUE ...]")
                .contains("java -jar mailward.jar check DOMAIN [options]", "check --help");
    }
}
