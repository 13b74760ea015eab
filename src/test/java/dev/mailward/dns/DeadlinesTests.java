package dev.mailward.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waits ended by the shared watchdog instead of a timer per wait. */
class DeadlinesTests {

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void returnsTheValueCompletedBeforeTheDeadline() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> waiter = ex.submit(() -> Deadlines.get(f, in(5_000)));
            Thread.sleep(50);
            f.complete("answer");
            assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
        }
    }

    @Test
    void endsTheWaitAtTheDeadlineAndLeavesTheFutureAlone() {
        CompletableFuture<String> f = new CompletableFuture<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Deadlines.get(f, in(200))).isInstanceOf(TimeoutException.class);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMs).isGreaterThanOrEqualTo(200).isLessThan(200 + Deadlines.SWEEP_MILLIS + 1_000);
        assertThat(f).isNotDone(); // others may still be waiting for it
        f.complete("late");
        assertThat(f.join()).isEqualTo("late");
    }

    @Test
    void aDeadlineAlreadyPastEndsAtOnceUnlessTheValueIsThere() throws Exception {
        assertThatThrownBy(() -> Deadlines.get(new CompletableFuture<>(), System.nanoTime() - 1))
                .isInstanceOf(TimeoutException.class);
        assertThat(Deadlines.get(CompletableFuture.completedFuture(7), System.nanoTime() - 1))
                .isEqualTo(7);
    }

    @Test
    void theFuturesOwnFailureIsReportedAsSuchEvenWhenItIsATimeout() {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture.runAsync(
                () -> f.completeExceptionally(new TimeoutException("no answer from the server")),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        assertThatThrownBy(() -> Deadlines.get(f, in(5_000)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessage("no answer from the server");
        CompletableFuture<String> g = CompletableFuture.failedFuture(new IllegalStateException("broken"));
        assertThatThrownBy(() -> Deadlines.get(g, in(5_000)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .hasMessage("broken");
    }

    @Test
    void getOrCancelCancelsAndInterruptsTheTaskAtTheDeadline() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> task = ex.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return "too late";
            });
            started.await();
            assertThatThrownBy(() -> Deadlines.getOrCancel(task, in(150))).isInstanceOf(TimeoutException.class);
            assertThat(task.isCancelled()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
        }
    }

    @Test
    void getOrCancelReturnsTheValueAndLeavesAnOutsideCancellationAlone() throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> quick = ex.submit(() -> {
                Thread.sleep(30);
                return 42;
            });
            assertThat(Deadlines.getOrCancel(quick, in(5_000))).isEqualTo(42);

            Future<Integer> slow = ex.submit(() -> {
                Thread.sleep(30_000);
                return 0;
            });
            CompletableFuture.runAsync(
                    () -> slow.cancel(true), CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            assertThatThrownBy(() -> Deadlines.getOrCancel(slow, in(10_000)))
                    .isInstanceOf(java.util.concurrent.CancellationException.class);
        }
    }

    @Test
    void manyConcurrentWaitsEachEndOnceAndTheWatchdogDrains() throws Exception {
        int n = 5_000;
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(new CompletableFuture<>());
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                CompletableFuture<Integer> f = futures.get(i);
                int expected = i;
                // every other wait is never answered and must end at its deadline
                long deadline = in(i % 2 == 0 ? 10_000 : 300);
                ex.submit(() -> {
                    try {
                        assertThat(Deadlines.get(f, deadline)).isEqualTo(expected);
                        answered.incrementAndGet();
                    } catch (TimeoutException e) {
                        timedOut.incrementAndGet();
                    }
                    return null;
                });
            }
            for (int i = 0; i < n; i += 2) {
                futures.get(i).complete(i);
            }
        }
        assertThat(answered).hasValue(n / 2);
        assertThat(timedOut).hasValue(n / 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> Deadlines.pending() == 0);
    }
}
