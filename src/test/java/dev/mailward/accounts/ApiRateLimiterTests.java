package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiRateLimiterTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ApiRateLimiter limiter = new ApiRateLimiter(new ApiProperties.RateLimit(20, 60, 10), nanos::get);

    @Test
    void allowsTheBurstThenRefusesWithRetryAfter() {
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire(1)).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire(1)).isEqualTo(1);
    }

    @Test
    void refillsAtTheSustainedRate() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire(1);
        }
        nanos.addAndGet(100_000_000L); // 0.1 s at 20/s: two requests
        assertThat(limiter.acquire(1)).isZero();
        assertThat(limiter.acquire(1)).isZero();
        assertThat(limiter.acquire(1)).isEqualTo(1);
    }

    @Test
    void bucketsArePerTokenAndBounded() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire(1);
        }
        assertThat(limiter.acquire(2)).isZero();
        for (long t = 3; t < 100; t++) {
            limiter.acquire(t);
        }
        assertThat(limiter.size()).isEqualTo(10);
    }

    @Test
    void slowRatesAskForALongerWait() {
        ApiRateLimiter slow = new ApiRateLimiter(new ApiProperties.RateLimit(0.1, 1, 10), nanos::get);
        assertThat(slow.acquire(1)).isZero();
        assertThat(slow.acquire(1)).isEqualTo(10);
    }
}
