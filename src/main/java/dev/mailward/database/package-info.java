/**
 * The embedded PostgreSQL server that backs the console when no external database is configured
 * ({@code spring.datasource.url} unset): real PostgreSQL 17 binaries from Maven Central, a
 * persistent data directory under {@code mailward.data-dir}, a random password kept beside it,
 * listening on 127.0.0.1 only, supervised (started again when its process dies). For any database:
 * the readiness check and the 503 answer while it cannot be reached. Publishes the
 * {@code DataSource} and {@link dev.mailward.database.DatabaseOwnership}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Embedded database",
        allowedDependencies = {})
package dev.mailward.database;
