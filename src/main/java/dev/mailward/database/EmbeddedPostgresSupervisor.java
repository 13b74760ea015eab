package dev.mailward.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded PostgreSQL (its postmaster process, once a second) and starts it again on
 * the same data directory and port when it died, at most {@code attempts} times in a row with a
 * doubling pause (1 s, 2 s, 4 s, …); then it gives up with a message naming the reason and the
 * server's log, and {@code giveUp} ends the console. While it is not {@link State#RUNNING} the
 * readiness check says DOWN.
 */
final class EmbeddedPostgresSupervisor implements AutoCloseable {

    /** Where the supervised server stands. */
    enum State {
        /** The postmaster runs (or has not been seen dead). */
        RUNNING,
        /** It died and is being started again. */
        RESTARTING,
        /** It could not be started again; the console is exiting. */
        GAVE_UP
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresSupervisor.class);

    private final EmbeddedPostgres pg;
    private final int attempts;
    private final Duration interval;
    private final Duration firstPause;
    private final Consumer<String> giveUp;
    private final ScheduledExecutorService timer;
    private volatile State state = State.RUNNING;

    /**
     * @param interval how often the process is looked at
     * @param firstPause the pause before the first attempt, doubled before each further one
     * @param giveUp called once with the message when every attempt failed
     */
    EmbeddedPostgresSupervisor(
            EmbeddedPostgres pg, int attempts, Duration interval, Duration firstPause, Consumer<String> giveUp) {
        this.pg = pg;
        this.attempts = attempts;
        this.interval = interval;
        this.firstPause = firstPause;
        this.giveUp = giveUp;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    EmbeddedPostgresSupervisor start() {
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Where the server stands now: a death that the once-a-second look has not noticed yet counts at once,
     * so that no request waits for the pool in the meantime.
     */
    State state() {
        State s = state;
        return s == State.RUNNING && !pg.closed() && !pg.serverAlive() ? State.RESTARTING : s;
    }

    private void check() {
        if (state == State.GAVE_UP || pg.closed() || pg.serverAlive()) {
            return;
        }
        state = State.RESTARTING;
        log.warn(
                "The embedded PostgreSQL on 127.0.0.1:{} stopped; starting it again (at most {} attempts)",
                pg.port(),
                attempts);
        String reason = "its process is gone";
        long pause = firstPause.toMillis();
        for (int attempt = 1; attempt <= attempts; attempt++, pause = Math.min(pause * 2, 60_000)) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (pg.closed()) {
                return;
            }
            try {
                pg.restart();
                state = State.RUNNING;
                log.info("The embedded PostgreSQL runs again (attempt {} of {})", attempt, attempts);
                return;
            } catch (RuntimeException e) {
                reason = e.getMessage();
                log.warn(
                        "Attempt {} of {} to start the embedded PostgreSQL again failed: {}",
                        attempt,
                        attempts,
                        reason);
            }
        }
        state = State.GAVE_UP;
        String message = "embedded PostgreSQL stopped and could not be restarted after " + attempts + " attempts: "
                + reason + "; see " + pg.logFile();
        log.error("{}. Mailward stops now; start it again once the cause is fixed", message);
        giveUp.accept(message);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
