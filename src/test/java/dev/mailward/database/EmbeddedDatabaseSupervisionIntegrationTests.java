package dev.mailward.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.MailwardApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The console on an embedded PostgreSQL of its own (not the tests' shared one), whose postmaster
 * is killed with SIGKILL: readiness says DOWN and every call is answered 503 at once (problem
 * details under /api, the error page elsewhere) while the server is started again on the same
 * port; then readiness is UP and calls work again.
 */
class EmbeddedDatabaseSupervisionIntegrationTests {

    private static final String PASSWORD = "supervised-Console-2024";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dataDir;
    private static ConfigurableApplicationContext context;
    private static String base;
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startConsoleOnItsOwnDatabase() throws IOException {
        dataDir = Files.createTempDirectory("mailward-supervised");
        context = new SpringApplication(MailwardApplication.class)
                .run(
                        "--mailward.database.ephemeral=false",
                        "--mailward.data-dir=" + dataDir,
                        "--mailward.database.pool-size=4",
                        // attempts 1 s, 2 s, 4 s, 8 s, 16 s apart: room for the test to hold the port and look
                        "--mailward.database.restart-attempts=6",
                        "--mailward.accounts.admin-password=" + PASSWORD,
                        "--server.port=0",
                        "--mailward.scanning.scheduler-enabled=false",
                        "--mailward.dashboard.refresh-enabled=false",
                        "--mailward.reports.archive-dir=" + dataDir.resolve("reports"));
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        pg = context.getBean(EmbeddedDatabaseConfiguration.EmbeddedServer.class).pg();
    }

    @AfterAll
    static void stop() throws IOException {
        if (context != null) {
            context.close();
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    void deadPostgresIsRestartedAndMeanwhileReadinessIsDownAndCallsAnswer503() throws Exception {
        assertThat(get("/actuator/health/readiness", false).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/domains", true).statusCode()).isEqualTo(200);
        int port = pg.port();
        long pid = postmasterPid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        // hold the server's port, so that the restart fails until the test has seen the outage
        ServerSocket blocker = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()), s -> true);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get("/actuator/health/readiness", false).statusCode(), s -> s == 503);
            assertThat(get("/actuator/health/liveness", false).statusCode()).isEqualTo(200);

            long t0 = System.nanoTime();
            HttpResponse<String> api = get("/api/v1/domains", true);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(api.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(api.body())
                    .contains("\"status\":503")
                    .contains("The database is unavailable; Mailward is restarting it. Try again in a minute.");

            HttpResponse<String> page = get("/login", false);
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(page.body())
                    .contains("The database is unavailable; Mailward is restarting it.")
                    .doesNotContain("Exception");
        } finally {
            blocker.close();
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/actuator/health/readiness", false).statusCode(), s -> s == 200);
        assertThat(pg.port()).isEqualTo(port);
        assertThat(postmasterPid()).isNotEqualTo(pid);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> get("/api/v1/domains", true).statusCode(), s -> s == 200);
    }

    /** The first line of {@code postmaster.pid}. */
    private static long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                .getFirst()
                .strip());
    }

    private static HttpResponse<String> get(String path, boolean asAdmin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (!path.startsWith("/actuator/") && !asAdmin) {
            b.header("Accept", "text/html");
        }
        if (asAdmin) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            b.header("Accept", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
