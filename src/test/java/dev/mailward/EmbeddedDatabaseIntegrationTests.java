package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.database.EmbeddedPostgres;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps its data across a stop and a start, as the console's default database. */
class EmbeddedDatabaseIntegrationTests {

    @Test
    void keepsDataAcrossRestartsAndProtectsItsPassword(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0, "mailward")) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("mailward"), pg.username(), pg.password());
                    Statement st = c.createStatement()) {
                st.execute("create table kept (v text)");
                st.execute("insert into kept values ('still here')");
            }
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("db-password")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0, "mailward");
                Connection c = DriverManager.getConnection(pg.jdbcUrl("mailward"), pg.username(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
            assertThat(pg.jdbcUrl("mailward")).startsWith("jdbc:postgresql://127.0.0.1:");
        }
    }

    @Test
    void refusesConnectionsWithoutThePassword(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0, "mailward")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> DriverManager.getConnection(pg.jdbcUrl("mailward"), "postgres", "wrong")
                                    .close())
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void refusesADataDirectoryThatHoldsFilesButNoClusterAndSaysWhatToDo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("postgres"));
        Files.writeString(dir.resolve("postgres").resolve("notes.txt"), "not a cluster");
        assertThatThrownBy(() -> EmbeddedPostgres.start(dir, 0, "mailward").close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("postgres") + " is damaged")
                .hasMessageContaining("PG_VERSION is missing");
        // nothing was written into it
        try (var files = Files.list(dir.resolve("postgres"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("notes.txt");
        }
    }

    @Test
    void refusesAClusterWhosePgVersionIsGarbage(@TempDir Path dir) throws Exception {
        EmbeddedPostgres.start(dir, 0, "mailward").close();
        Files.writeString(dir.resolve("postgres").resolve("PG_VERSION"), "\u0000\u0001garbage\n");
        assertThatThrownBy(() -> EmbeddedPostgres.start(dir, 0, "mailward").close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("postgres") + " is damaged")
                .hasMessageContaining("PG_VERSION");
    }

    @Test
    void aStartThatFailsAfterThePostmasterStartedLeavesNoServerRunning(@TempDir Path dir) throws Exception {
        EmbeddedPostgres.start(dir, 0, "mailward").close();
        // a password file that does not belong to the cluster: the server starts, the login fails
        Files.writeString(dir.resolve("db-password"), "not-the-password\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> EmbeddedPostgres.start(dir, port, "mailward").close());
        assertThat(failure).isInstanceOf(IllegalStateException.class);
        assertThat(Files.exists(dir.resolve("postgres").resolve("postmaster.pid")))
                .as("a postmaster still holds the data directory")
                .isFalse();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("something still listens on the server's port")
                .isInstanceOf(ConnectException.class);
        assertThat(failure)
                .hasMessageContaining(
                        "the password in " + dir.resolve("db-password") + " does not open the embedded database");
    }
}
