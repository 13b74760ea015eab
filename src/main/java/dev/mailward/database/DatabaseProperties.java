package dev.mailward.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded database, used only when {@code spring.datasource.url} is not set.
 *
 * @param dataDir where Mailward keeps its data ({@code mailward.data-dir}, default {@code ./data});
 *     the embedded cluster lives in {@code <data-dir>/postgres}
 * @param port TCP port on 127.0.0.1 for the embedded server; 0 picks a free one at each start
 * @param ephemeral a throw-away cluster in a temporary directory, deleted at exit (tests)
 * @param poolSize connections the console keeps to the embedded server at most
 */
@ConfigurationProperties(prefix = "mailward.database")
public record DatabaseProperties(
        @DefaultValue("0") int port,
        @DefaultValue("false") boolean ephemeral,
        @DefaultValue("20") int poolSize) {
}
