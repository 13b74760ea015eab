package dev.mailward;

import dev.mailward.results.RejudgeCounts;
import dev.mailward.results.Results;
import dev.mailward.results.ResultsRejudged;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code java -jar mailward.jar rejudge [--PROPERTY=VALUE ...]}: boots the console without a listening
 * web server ({@code server.port=-1}) and without its scan scheduler against the configured database, judges the latest stored
 * observation of every domain again under the current rules ({@link Results#rejudgeAll}), waits until
 * the dashboard's read model has followed, prints the counts and exits: 0 when every stored observation
 * was judged, 1 when one could not be read or the run failed, 2 for a wrong argument.
 */
final class RejudgeCommand {

    static final String USAGE = """
            Usage: java -jar mailward.jar rejudge [--PROPERTY=VALUE ...]
                     judges the latest stored observation of every domain again under the current
                     rules and records the results as a new run per domain; contacts no server and
                     reports no changes. Uses the console's database (PROPERTY: any setting of the
                     README's configuration table, e.g. --spring.datasource.url=...); with the embedded
                     database, stop the console first.
            """;

    /**
     * The properties of the run: no web server (the servlet context stays, without a listening port: the
     * console's web kernel needs one), no scans, no background passes; quiet logs.
     */
    static final List<String> PROPERTIES = List.of(
            "server.port=-1",
            "spring.main.banner-mode=off",
            "mailward.scanning.scheduler-enabled=false",
            "mailward.dashboard.refresh-enabled=false",
            "logging.level.root=WARN");

    /** How long to wait for the dashboard to follow the re-judged domains. */
    private static final Duration FOLLOW = Duration.ofMinutes(30);

    private final PrintStream out;
    private final PrintStream err;

    RejudgeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command; {@code args} are the words after {@code rejudge}. Returns the exit status. */
    int run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        // command-line arguments: they win over application.properties (server.port=8080 there), as the
        // console's own --PROPERTY=VALUE arguments do; the run's own properties cannot be overridden
        List<String> arguments =
                new ArrayList<>(PROPERTIES.stream().map(p -> "--" + p).toList());
        for (String a : args) {
            if (!a.startsWith("--") || a.indexOf('=') < 3) {
                err.println("rejudge: unexpected argument '" + a + "' (expected --PROPERTY=VALUE)");
                err.print(USAGE);
                return 2;
            }
            String key = a.substring(2, a.indexOf('='));
            if (PROPERTIES.stream().anyMatch(p -> p.startsWith(key + "="))) {
                err.println("rejudge: " + key + " is set by the command itself; ignoring '" + a + "'");
                continue;
            }
            arguments.add(a);
        }
        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(MailwardApplication.class).run(arguments.toArray(String[]::new))) {
            return rejudge(context);
        } catch (RuntimeException e) {
            err.println("rejudge failed: " + e);
            return 1;
        }
    }

    /** Re-judges in a running context, waits for the read model and prints the counts. */
    int rejudge(ConfigurableApplicationContext context) {
        Instant started = Instant.now();
        RejudgeCounts c = context.getBean(Results.class).rejudgeAll("cli");
        awaitListeners(context.getBean(JdbcClient.class), started);
        out.printf("rules version:          %d%n", c.rulesVersion());
        out.printf("domains:                %d%n", c.domains());
        out.printf("re-judged:              %d%n", c.rejudged());
        out.printf("without an observation: %d%n", c.withoutObservation());
        out.printf("could not be read:      %d%n", c.undecodable());
        out.printf(
                "time:                   %.1f s (%.0f domains/s)%n",
                c.elapsedMillis() / 1000.0, c.elapsedMillis() == 0 ? 0.0 : c.rejudged() * 1000.0 / c.elapsedMillis());
        return c.undecodable() == 0 ? 0 : 1;
    }

    /**
     * Waits until the listeners of this run's {@link ResultsRejudged} events (the dashboard's refresh)
     * completed or failed, so that closing the context does not cut them off. Asks Spring Modulith's
     * publication registry (its table {@code event_publication}), which records each listener's delivery.
     */
    private void awaitListeners(JdbcClient jdbc, Instant since) {
        long deadline = System.nanoTime() + FOLLOW.toNanos();
        while (jdbc.sql("select count(*) from event_publication where event_type = ? and publication_date >= ? "
                                + "and completion_date is null and (status is null or status <> 'FAILED')")
                        .params(ResultsRejudged.class.getName(), Timestamp.from(since))
                        .query(Long.class)
                        .single()
                > 0) {
            if (System.nanoTime() > deadline) {
                err.println("rejudge: the dashboard had not followed after " + FOLLOW.toMinutes()
                        + " minutes; the console's background pass refreshes the rest");
                return;
            }
            try {
                Thread.sleep(200); // polls the registry: the listeners run on the context's executor
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
