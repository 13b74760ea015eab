package dev.mailward.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code database} health check of the readiness group: DOWN while the embedded server is
 * being restarted, or when no connection answers within {@code mailward.database.health-timeout}
 * (the pool's own wait is longer). One check runs at a time; callers meanwhile share its answer.
 */
@Component
class DatabaseHealthIndicator implements HealthIndicator {

    private final DataSource dataSource;
    private final ObjectProvider<EmbeddedPostgresSupervisor> supervisor;
    private final long timeoutMillis;
    private final AtomicReference<CompletableFuture<Health>> running = new AtomicReference<>();

    DatabaseHealthIndicator(
            DataSource dataSource,
            ObjectProvider<EmbeddedPostgresSupervisor> supervisor,
            DatabaseProperties properties) {
        this.dataSource = dataSource;
        this.supervisor = supervisor;
        this.timeoutMillis = Math.max(100, properties.healthTimeout().toMillis());
    }

    @Override
    public Health health() {
        EmbeddedPostgresSupervisor s = supervisor.getIfAvailable();
        if (s != null && s.state() != EmbeddedPostgresSupervisor.State.RUNNING) {
            return Health.down().withDetail("embedded", s.state().name()).build();
        }
        CompletableFuture<Health> check = running.get();
        if (check == null || check.isDone()) {
            CompletableFuture<Health> fresh = new CompletableFuture<>();
            if (running.compareAndSet(check, fresh)) {
                Thread.ofVirtual().name("database-health").start(() -> fresh.complete(validate()));
            }
            check = running.get();
        }
        try {
            return check.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("error", "no connection within " + timeoutMillis + " ms")
                    .build();
        } catch (ExecutionException e) {
            return Health.down(e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    private Health validate() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid((int) Math.max(1, timeoutMillis / 1000))
                    ? Health.up().build()
                    : Health.down()
                            .withDetail("error", "the connection did not answer")
                            .build();
        } catch (SQLException | RuntimeException e) {
            return Health.down()
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
