package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The arguments of {@code java -jar mailward.jar rejudge}, decided before anything starts. */
class RejudgeCommandTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RejudgeCommand command = new RejudgeCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void printsUsageWithoutStartingAnything(String arg) {
        assertThat(command.run(List.of(arg))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: java -jar mailward.jar rejudge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"now", "--dry-run", "-x=1", "--=1"})
    void refusesAnythingButPropertiesWithExitStatusTwo(String arg) {
        assertThat(command.run(List.of(arg))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unexpected argument '" + arg + "'")
                .contains("Usage: java -jar mailward.jar rejudge");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void runsWithoutTheWebServerTheSchedulerOrTheBackgroundRefresh() {
        assertThat(RejudgeCommand.PROPERTIES)
                .contains(
                        "server.port=-1",
                        "mailward.scanning.scheduler-enabled=false",
                        "mailward.dashboard.refresh-enabled=false");
    }

    @Test
    void anArgumentCannotGiveTheRunAListeningPortOrTheScheduler() {
        assertThat(command.run(List.of("--server.port=8080", "--mailward.scanning.scheduler-enabled=true", "--help")))
                .isZero();
        RejudgeCommand refusing = new RejudgeCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        // refused before anything starts: the wrong argument comes after the two ignored ones
        assertThat(refusing.run(List.of("--server.port=8080", "--mailward.scanning.scheduler-enabled=true", "x")))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("server.port is set by the command itself; ignoring '--server.port=8080'")
                .contains("mailward.scanning.scheduler-enabled is set by the command itself");
    }

    @Test
    void theJarsUsageNamesIt() {
        assertThat(MailwardApplication.USAGE).contains("java -jar mailward.jar rejudge");
    }
}
