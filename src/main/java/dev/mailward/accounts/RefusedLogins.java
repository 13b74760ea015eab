package dev.mailward.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tallies login attempts refused without a password check, per client address, and publishes one
 * {@link LoginsRefused} per address every minute (and at shutdown) instead of one event per
 * request. Bounded: at most {@link #MAX_SOURCES} addresses are tallied one by one, the rest
 * together; at most {@link #MAX_NAMES} user names are kept per address.
 */
@Component
class RefusedLogins implements DisposableBean {

    static final String OTHER_SOURCES = "other addresses";
    static final int MAX_SOURCES = 1_000;
    static final int MAX_NAMES = 5;
    static final Duration PERIOD = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RefusedLogins.class);

    private static final class Tally {
        long attempts;
        Instant first;
        Instant last;
        final Set<String> names = new LinkedHashSet<>();
        int otherNameAttempts;
    }

    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ScheduledExecutorService timer;
    private Map<String, Tally> tallies = new LinkedHashMap<>();

    RefusedLogins(ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("login-refusals").factory());
        timer.scheduleWithFixedDelay(this::flushQuietly, PERIOD.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    /** Counts a refused attempt. */
    synchronized void record(String address, String username, Instant now) {
        String key = tallies.containsKey(address) || tallies.size() < MAX_SOURCES ? address : OTHER_SOURCES;
        Tally t = tallies.computeIfAbsent(key, k -> new Tally());
        t.attempts++;
        if (t.first == null) {
            t.first = now;
        }
        t.last = now;
        if (!t.names.contains(username)) {
            if (t.names.size() < MAX_NAMES) {
                t.names.add(username);
            } else {
                t.otherNameAttempts++;
            }
        }
    }

    /** Publishes the tallies gathered so far, one event per address, and starts afresh. */
    void flush() {
        Map<String, Tally> done;
        synchronized (this) {
            if (tallies.isEmpty()) {
                return;
            }
            done = tallies;
            tallies = new LinkedHashMap<>();
        }
        List<LoginsRefused> summaries = new ArrayList<>(done.size());
        done.forEach((address, t) -> summaries.add(
                new LoginsRefused(address, t.attempts, t.first, t.last, List.copyOf(t.names), t.otherNameAttempts)));
        // listeners run after the commit; the events are kept in the publication registry meanwhile
        tx.executeWithoutResult(status -> summaries.forEach(events::publishEvent));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not record the summary of refused logins: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        flushQuietly();
    }
}
