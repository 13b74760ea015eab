package dev.mailward.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the embedded PostgreSQL and exposes it as the {@link DataSource} when no external
 * database is configured. With {@code spring.datasource.url} set this configuration backs off
 * and Spring Boot's own data source is used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

    static final String DATABASE = "mailward";

    @Bean
    EmbeddedServer embeddedPostgres(DatabaseProperties props, @Value("${mailward.data-dir:./data}") Path dataDir) {
        if (props.ephemeral()) {
            return new EmbeddedServer(SharedEphemeralPostgres.instance(), false);
        }
        EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir.toAbsolutePath().normalize(), props.port(), DATABASE);
        pg.stopWhenJvmExits(null);
        return new EmbeddedServer(pg, true);
    }

    @Bean
    DatabaseOwnership databaseOwnership(EmbeddedServer server) {
        return new DatabaseOwnership(server.owned());
    }

    /**
     * Starts the server again when its process died; the shared test server is not supervised (it
     * belongs to no one context). When every attempt failed the console reports itself broken and
     * exits with status 1, so that a service manager or container runtime can act.
     */
    @Bean
    EmbeddedPostgresSupervisor embeddedPostgresSupervisor(
            EmbeddedServer server, DatabaseProperties props, ConfigurableApplicationContext context) {
        EmbeddedPostgresSupervisor supervisor = new EmbeddedPostgresSupervisor(
                server.pg(), props.restartAttempts(), Duration.ofSeconds(1), Duration.ofSeconds(1), message -> {
                    AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
                    Thread.ofPlatform()
                            .name("mailward-exit")
                            .start(() -> System.exit(SpringApplication.exit(context, () -> 1)));
                });
        return server.owned() ? supervisor.start() : supervisor;
    }

    @Bean
    DataSource dataSource(EmbeddedServer server, DatabaseProperties props) {
        EmbeddedPostgres pg = server.pg();
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(pg.jdbcUrl(DATABASE));
        ds.setUsername(pg.username());
        ds.setPassword(pg.password());
        ds.setMaximumPoolSize(props.poolSize());
        // idle connections of every cached test context count against max_connections
        ds.setMinimumIdle(Math.min(2, props.poolSize()));
        ds.setPoolName("mailward");
        // a request waits this long for a connection and is then answered 503, not after Hikari's 30 s
        ds.setConnectionTimeout(Math.max(250, props.connectionTimeout().toMillis()));
        return ds;
    }

    /**
     * The running server; stopped with the context when this context owns it. The data source
     * depends on it, so the pool closes first.
     */
    record EmbeddedServer(EmbeddedPostgres pg, boolean owned) implements DisposableBean {
        @Override
        public void destroy() {
            if (owned) {
                pg.close();
            }
        }
    }

    /** One throw-away server per JVM, shared by every test context, removed at exit. */
    static final class SharedEphemeralPostgres {
        private static EmbeddedPostgres instance;

        static synchronized EmbeddedPostgres instance() {
            if (instance == null) {
                try {
                    Path dir = Files.createTempDirectory("mailward-test-db");
                    instance = EmbeddedPostgres.start(dir, 0, DATABASE);
                    // Stopped after the JVM is gone, so that no shutdown hook races the contexts' own shutdown.
                    instance.stopWhenJvmExits(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return instance;
        }
    }
}
