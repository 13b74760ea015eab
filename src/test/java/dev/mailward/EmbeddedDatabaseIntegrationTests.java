package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.database.EmbeddedPostgres;
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
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
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
                    () -> DriverManager.getConnection(pg.jdbcUrl("mailward"), "postgres", "wrong").close())
                    .hasMessageContaining("password authentication failed");
        }
    }
}
