package dev.mailward.dns;

import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a future until a deadline without a timer per wait; used by DNS sessions and by the
 * check runner (whose checks wait on DNS answers), about thirty waits per checked domain.
 *
 * <p>A timed wait ({@code Future.get(timeout)}) on a virtual thread schedules a timeout task on
 * the scheduler's delay queue and cancels it when the wait ends; in JDK 25 each of the two wakes
 * the delay-scheduler thread, so every wait cost two thread wake-ups. Here the waiter waits
 * untimed, and one watchdog thread looks at the registered waits every {@value #SWEEP_MILLIS} ms
 * (while there are any; it sleeps otherwise): a wait whose future is done is dropped, an overdue
 * one is ended. A deadline therefore fires up to {@value #SWEEP_MILLIS} ms late; the deadlines
 * here are seconds.
 */
public final class Deadlines {

    /** How often registered waits are looked at. */
    static final long SWEEP_MILLIS = 50;

    private static final Deadlines SHARED = new Deadlines();

    /** A registered wait: {@code expire} ends it unless {@code watched} is done first. */
    private record Watch(Future<?> watched, long deadlineNanos, Runnable expire) {}

    /** Ends a wait at its deadline; never the outcome of the watched future itself. */
    private static final class Expired extends TimeoutException {
        Expired() {
            super("deadline reached");
        }
    }

    private final ConcurrentLinkedQueue<Watch> watches = new ConcurrentLinkedQueue<>();
    private final Object startLock = new Object();
    private volatile Thread watchdog;
    private volatile boolean idle;

    private Deadlines() {}

    /**
     * The value of {@code f}, waiting until {@code deadlineNanos} (a {@link System#nanoTime()}
     * instant) at most; {@code f} itself is left alone when the deadline comes first (others may
     * wait for it too).
     *
     * @throws TimeoutException when the deadline comes before {@code f} completes
     * @throws ExecutionException when {@code f} completed exceptionally (its cause)
     */
    public static <T> T get(CompletableFuture<T> f, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (f.isDone()) {
            return f.get();
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw new TimeoutException("deadline reached");
        }
        CompletableFuture<T> wait = f.copy();
        SHARED.watch(new Watch(wait, deadlineNanos, () -> wait.completeExceptionally(new Expired())));
        try {
            return wait.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Expired expired) {
                throw expired;
            }
            throw e;
        }
    }

    /**
     * The value of {@code f}, waiting until {@code deadlineNanos} at most; when the deadline comes
     * first, {@code f} is cancelled (interrupting the task that runs it) and the wait ends with a
     * {@link TimeoutException}.
     */
    public static <T> T getOrCancel(Future<T> f, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (f.isDone()) {
            return f.get();
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            f.cancel(true);
            throw new TimeoutException("deadline reached");
        }
        boolean[] expired = new boolean[1];
        SHARED.watch(new Watch(f, deadlineNanos, () -> {
            expired[0] = true; // written before cancel(), read after get() returns: ordered by the future
            f.cancel(true);
        }));
        try {
            return f.get();
        } catch (CancellationException e) {
            if (expired[0]) {
                throw new TimeoutException("deadline reached");
            }
            throw e;
        }
    }

    /** Waits registered and not yet dropped by the watchdog (for tests). */
    static int pending() {
        return SHARED.watches.size();
    }

    private void watch(Watch w) {
        watches.add(w);
        Thread t = watchdog;
        if (t == null) {
            synchronized (startLock) {
                if (watchdog == null) {
                    watchdog = Thread.ofPlatform()
                            .daemon()
                            .name("mailward-deadlines")
                            .start(this::loop);
                }
            }
        } else if (idle) {
            idle = false;
            LockSupport.unpark(t);
        }
    }

    private void loop() {
        while (true) {
            long now = System.nanoTime();
            for (Iterator<Watch> it = watches.iterator(); it.hasNext(); ) {
                Watch w = it.next();
                if (w.watched().isDone()) {
                    it.remove();
                } else if (now - w.deadlineNanos() >= 0) {
                    it.remove();
                    try {
                        w.expire().run();
                    } catch (RuntimeException e) {
                        // ending a wait must not stop the watchdog; the future's own code failed
                    }
                }
            }
            if (!watches.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS));
            } else {
                idle = true;
                // A waiter that read the flag before it was set added its watch before that:
                // look again, so such a wait is not left unwatched.
                if (watches.isEmpty()) {
                    LockSupport.park();
                }
                idle = false;
            }
        }
    }
}
