package dev.mailward.database;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the database ({@code mailward.database.*}); all but {@code connectionTimeout} and
 * {@code healthTimeout} apply to the embedded server only, used when {@code spring.datasource.url}
 * is not set. The embedded cluster lives in {@code <mailward.data-dir>/postgres}.
 *
 * @param port TCP port on 127.0.0.1 for the embedded server; 0 picks a free one at each start
 * @param ephemeral a throw-away cluster in a temporary directory, deleted at exit (tests)
 * @param poolSize connections the console keeps to the embedded server at most
 * @param restartAttempts how often the embedded server is started again after its PostgreSQL
 *     process died, before the console gives up and exits (0: exit at once)
 * @param connectionTimeout how long a request waits for a connection of the embedded pool before
 *     it is answered 503 (for an external database: {@code spring.datasource.hikari.connection-timeout})
 * @param healthTimeout how long the readiness check waits for the database before it says DOWN
 */
@Validated
@ConfigurationProperties(prefix = "mailward.database")
public record DatabaseProperties(
        @DefaultValue("0") @Min(0) @Max(65535) int port,
        @DefaultValue("false") boolean ephemeral,
        @DefaultValue("20") @Min(1) @Max(290) int poolSize,
        @DefaultValue("3") @Min(0) @Max(100) int restartAttempts,
        @DefaultValue("5s") Duration connectionTimeout,
        @DefaultValue("2s") Duration healthTimeout) {}
