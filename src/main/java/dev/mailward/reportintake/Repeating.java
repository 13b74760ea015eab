package dev.mailward.reportintake;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task the intake runs again and again on a daemon thread of its own (the mailbox poll, the retention purge,
 * attaching held reports): first after {@code first}, then {@code every} after each run ends. The task catches
 * and logs its own failures, so that one failed run does not end the next ones. Stopping waits up to 10 s for a
 * run under way.
 */
final class Repeating {

    private final String threadName;
    private ScheduledExecutorService executor;

    Repeating(String threadName) {
        this.threadName = threadName;
    }

    synchronized void start(Duration first, Duration every, Runnable task) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(task, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    /** The shorter of two durations (a first run soon after start, but not before the interval when it is short). */
    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    synchronized boolean isRunning() {
        return executor != null;
    }
}
