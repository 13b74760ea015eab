package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The whole application against PostgreSQL 17 in a container, where a Docker engine is
 * reachable; skipped cleanly otherwise (the rest of the suite uses the embedded PostgreSQL).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
class PostgresContainerIntegrationTests {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    @Test
    void migratesTheSchemaOnAnExternalPostgresql() {
        assertThat(flyway.info().pending()).isEmpty();
        Integer applied = new JdbcTemplate(dataSource)
                .queryForObject("select count(*) from flyway_schema_history where success", Integer.class);
        assertThat(applied).isGreaterThanOrEqualTo(1);
        String version = new JdbcTemplate(dataSource).queryForObject("show server_version", String.class);
        assertThat(version).startsWith("17");
    }
}
