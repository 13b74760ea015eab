package dev.mailward.scanning;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code mailward.scans{state="queued|running"}}: domain scans due and not yet picked by a scheduler, and
 * picked (running), from db-scheduler's {@code scheduled_tasks}. Read when scraped, one query for both, at
 * most once a second.
 */
@Component
class ScanMeters implements MeterBinder {

    static final String SCANS = "mailward.scans";

    private record Counts(long queued, long running, long at) {}

    private final JdbcClient jdbc;
    private volatile Counts last = new Counts(0, 0, Long.MIN_VALUE);

    ScanMeters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(SCANS, this, m -> m.counts().queued())
                .description("Domain scans due and waiting for a scheduler thread, or running")
                .tag("state", "queued")
                .register(registry);
        Gauge.builder(SCANS, this, m -> m.counts().running())
                .description("Domain scans due and waiting for a scheduler thread, or running")
                .tag("state", "running")
                .register(registry);
    }

    private Counts counts() {
        Counts c = last;
        long now = System.nanoTime();
        if (c.at() != Long.MIN_VALUE && now - c.at() < 1_000_000_000L) {
            return c;
        }
        c = jdbc.sql("""
                        select count(*) filter (where not picked and execution_time <= now()),
                               count(*) filter (where picked)
                        from scheduled_tasks where task_name = ?
                        """)
                .param(ScanTasks.SCAN_DOMAIN)
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), now))
                .single();
        last = c;
        return c;
    }
}
