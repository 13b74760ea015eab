package dev.mailward.dashboard;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.MitigationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code mailward.domains{mitigation, status, team}}: how many domains have each status per
 * mitigation in each team, read from the read model ({@code domain_score}; a domain not scored yet counts
 * as {@code NOT_MEASURED}). Refreshed every {@code mailward.dashboard.refresh-interval} and by
 * {@link #refresh()}; a combination no domain has any more disappears. The team label is the team's name.
 * With {@code mailward.metrics.per-domain=true} each domain is a series of its own (label {@code domain},
 * value 1), so the series grow with the inventory: off by default.
 */
@Component
public class DomainMeters implements MeterBinder, SmartLifecycle {

    static final String DOMAINS = "mailward.domains";

    private static final Logger log = LoggerFactory.getLogger(DomainMeters.class);

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final DashboardProperties properties;
    private final boolean perDomain;
    private volatile MultiGauge gauge;
    private volatile ScheduledExecutorService timer;

    DomainMeters(
            JdbcClient jdbc,
            Accounts accounts,
            DashboardProperties properties,
            @Value("${mailward.metrics.per-domain:false}") boolean perDomain) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.properties = properties;
        this.perDomain = perDomain;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge = MultiGauge.builder(DOMAINS)
                .description("Domains by mitigation, status and team, from the dashboard's read model")
                .register(registry);
    }

    /** Reads the read model again and replaces the gauge's series; nothing happens before the gauge is bound. */
    public synchronized void refresh() {
        MultiGauge g = gauge;
        if (g == null) {
            return;
        }
        Map<Long, String> teams = new HashMap<>();
        for (TeamRef t : accounts.teams()) {
            teams.put(t.id(), t.name());
        }
        Map<Tags, Long> counts = new HashMap<>();
        jdbc.sql("select d.a_label, d.team_id, s.statuses from inventory_domain_v d "
                        + "left join domain_score s on s.domain_id = d.id")
                .query(rs -> {
                    String domain = rs.getString(1);
                    long teamId = rs.getLong(2);
                    String team = rs.wasNull() ? "" : teams.getOrDefault(teamId, String.valueOf(teamId));
                    String letters = rs.getString(3);
                    // in the order of Mitigation.values()
                    List<MitigationStatus> statuses = StatusLetters.decode(letters);
                    Mitigation[] mitigations = Mitigation.values();
                    for (int i = 0; i < mitigations.length; i++) {
                        Mitigation m = mitigations[i];
                        Tags tags = Tags.of(
                                "mitigation", m.id(), "status", statuses.get(i).name(), "team", team);
                        if (perDomain) {
                            tags = tags.and("domain", domain);
                        }
                        counts.merge(tags, 1L, Long::sum);
                    }
                });
        List<MultiGauge.Row<?>> rows = new ArrayList<>(counts.size());
        counts.forEach((tags, n) -> rows.add(MultiGauge.Row.of(tags, n)));
        g.register(rows, true);
    }

    @Override
    public void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("domain-meters").daemon().factory());
        long ms = properties.refreshInterval().toMillis();
        t.scheduleWithFixedDelay(this::pass, 0, ms, TimeUnit.MILLISECONDS);
        timer = t;
    }

    private void pass() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing the domains gauge failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
