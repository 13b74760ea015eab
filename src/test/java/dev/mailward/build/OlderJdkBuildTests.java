package dev.mailward.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mvnw} started on a JDK older than 25 stops at once with one sentence naming JDK 25 and
 * {@code JAVA_HOME} (the enforcer's {@code requireJavaVersion}), not with the JVM refusing an option of
 * {@code .mvn/jvm.config} or the compiler's "release version 25 not supported". Runs the wrapper offline
 * (the build that runs this test has the plugins) with the first older JDK found under {@code /usr/lib/jvm};
 * skipped where there is none.
 */
class OlderJdkBuildTests {

    @Test
    void theWrapperOnAnOlderJdkNamesJdk25AndJavaHome() throws Exception {
        Optional<Path> older = olderJdk();
        Assumptions.assumeTrue(older.isPresent(), "no JDK older than 25 under /usr/lib/jvm");
        Path output = Files.createTempFile("mvnw-older-jdk", ".log");
        ProcessBuilder build = new ProcessBuilder("./mvnw", "-B", "-o", "-ntp", "validate")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        build.environment().put("JAVA_HOME", older.get().toString());
        build.environment().put("PATH", older.get().resolve("bin") + ":" + System.getenv("PATH"));
        build.environment().remove("MAVEN_OPTS");
        Process process = build.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("mvnw finished").isTrue();
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertThat(process.exitValue()).as(log).isNotZero();
        assertThat(log)
                .contains("RequireJavaVersion")
                .contains("Mailward needs JDK 25 or newer")
                .contains("JAVA_HOME")
                .contains(older.get().toString());
    }

    private static Optional<Path> olderJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            List<Path> candidates = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                    .filter(d -> !Files.isSymbolicLink(d))
                    .filter(d -> release(d).map(v -> v < 25).orElse(false))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
            return candidates.stream().findFirst();
        }
    }

    /** The feature release from the JDK's {@code release} file ({@code JAVA_VERSION="17.0.12"}). */
    private static Optional<Integer> release(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream()
                    .filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(v -> v.startsWith("1.") ? v.substring(2) : v)
                    .map(v -> Integer.parseInt(v.split("[.+-]")[0]))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
