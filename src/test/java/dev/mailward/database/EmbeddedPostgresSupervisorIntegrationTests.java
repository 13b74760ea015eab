package dev.mailward.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The supervisor on a real embedded server: a killed postmaster is started again on the same
 * port; when it cannot be (its port taken), the supervisor gives up after the set number of
 * attempts with a message that names the count, the reason and the log.
 */
class EmbeddedPostgresSupervisorIntegrationTests {

    @Test
    void killedServerIsStartedAgainOnTheSamePort(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0, "mailward");
                EmbeddedPostgresSupervisor supervisor = new EmbeddedPostgresSupervisor(
                                pg, 2, Duration.ofMillis(200), Duration.ofMillis(200), message -> {})
                        .start()) {
            long pid = pg.postmasterPid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> pg.postmasterPid().filter(p -> p != pid).isPresent()
                            && pg.serverAlive()
                            && supervisor.state() == EmbeddedPostgresSupervisor.State.RUNNING);
            try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl("mailward"), pg.username(), pg.password());
                    var rs = c.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void givesUpAfterTheAttemptsWithAMessageNamingReasonAndLog(@TempDir Path dir) throws Exception {
        CompletableFuture<String> gaveUp = new CompletableFuture<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0, "mailward");
                EmbeddedPostgresSupervisor supervisor = new EmbeddedPostgresSupervisor(
                                pg, 2, Duration.ofMillis(200), Duration.ofMillis(200), gaveUp::complete)
                        .start()) {
            int port = pg.port();
            ProcessHandle.of(pg.postmasterPid().orElseThrow()).orElseThrow().destroyForcibly();
            try (ServerSocket blocker = await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()), s -> true)) {
                String message = gaveUp.get(60, TimeUnit.SECONDS);
                assertThat(message)
                        .startsWith("embedded PostgreSQL stopped and could not be restarted after 2 attempts: ")
                        .contains("could not create any TCP/IP sockets")
                        .endsWith("see " + dir.resolve("postgres.log"));
                assertThat(supervisor.state()).isEqualTo(EmbeddedPostgresSupervisor.State.GAVE_UP);
            }
        }
    }

    @Test
    void startFailureIsReportedWithWhatToDo() {
        EmbeddedDatabaseException e = new EmbeddedDatabaseException(
                "the embedded database's data directory /x is "
                        + "damaged: it holds files but no PostgreSQL cluster (PG_VERSION is missing)",
                "Restore /x from a backup");
        FailureAnalysis analysis =
                new EmbeddedDatabaseFailureAnalyzer().analyze(new IllegalStateException("context", e));
        assertThat(analysis.getDescription()).contains("damaged").contains("PG_VERSION is missing");
        assertThat(analysis.getAction()).isEqualTo("Restore /x from a backup");
    }
}
