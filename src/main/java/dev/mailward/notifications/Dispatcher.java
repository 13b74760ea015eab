package dev.mailward.notifications;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox. Every {@code mailward.notifications.poll-interval} it claims the oldest due delivery
 * ({@code FOR UPDATE SKIP LOCKED}, one per transaction), sends it and records the outcome in the same
 * transaction: several console replicas never send one delivery twice, and a delivery a stopped console had
 * not sent is due again for the next one. A failure is retried after {@link NotificationsProperties#backoff}
 * (1 min, doubling, at most 2 h) until {@code retry-for} (25 h) has passed since it was queued; then it is
 * {@code DEAD}, shown in the console with "retry". A channel that sent {@code rate-per-hour} messages in the
 * last hour holds back the rest, counted in one summary sent when the hour is over.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final OutboxStore outbox;
    private final ChannelStore channels;
    private final Senders senders;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final NotificationsProperties properties;
    private final NotificationMetrics metrics;
    private final Sweep sweep;
    private ScheduledExecutorService executor;

    Dispatcher(
            OutboxStore outbox,
            ChannelStore channels,
            Senders senders,
            Accounts accounts,
            TransactionTemplate tx,
            NotificationsProperties properties,
            NotificationMetrics metrics,
            Sweep sweep) {
        this.outbox = outbox;
        this.channels = channels;
        this.senders = senders;
        this.accounts = accounts;
        this.tx = tx;
        this.properties = properties;
        this.metrics = metrics;
        this.sweep = sweep;
    }

    /**
     * Sends due deliveries, at most {@code batch-size}.
     *
     * @return how many were handled (sent, retried later, dead-lettered or held back)
     */
    int runOnce() {
        int handled = 0;
        while (handled < properties.batchSize()) {
            Boolean did = tx.execute(
                    s -> outbox.claimDue(Instant.now()).map(this::handle).orElse(false));
            if (!Boolean.TRUE.equals(did)) {
                break;
            }
            handled++;
        }
        return handled;
    }

    private boolean handle(OutboxStore.Claimed d) {
        Optional<ChannelStore.Row> channel = channels.find(d.channelId());
        if (channel.isEmpty()) {
            return true;
        }
        ChannelStore.Row c = channel.get();
        Instant now = Instant.now();
        if (d.purpose().equals("EVENT")
                && outbox.sentSince(c.id(), now.minus(Duration.ofHours(1))) >= properties.ratePerHour()) {
            outbox.markSuppressed(d.id());
            outbox.countInSummary(c.id(), now.plus(Duration.ofHours(1)), now);
            metrics.delivered("suppressed");
            log.info("Channel {} held back a message (more than {} an hour)", c.id(), properties.ratePerHour());
            return true;
        }
        Message m = message(c, d);
        if (m.purpose().equals("DIGEST") && m.events().isEmpty()) {
            outbox.markSent(d.id(), now);
            return true;
        }
        try {
            senders.send(c, m, now);
            outbox.markSent(d.id(), Instant.now());
            if (m.purpose().equals("DIGEST")) {
                outbox.markDigested(c.id(), d.createdAt(), Instant.now());
            }
            metrics.delivered("sent");
            log.info("Sent {} of channel {} ({})", m.id(), c.id(), c.kind());
        } catch (SendFailed e) {
            boolean dead = !now.isBefore(d.createdAt().plus(properties.retryFor()));
            Instant next = now.plus(properties.backoff(d.attempts() + 1));
            outbox.markFailed(d.id(), dead ? "DEAD" : "PENDING", next, e.getMessage());
            metrics.delivered(dead ? "dead" : "retry");
            log.warn(
                    "Delivery {} of channel {} failed (attempt {}){}: {}",
                    d.id(),
                    c.id(),
                    d.attempts() + 1,
                    dead ? ", dead-lettered" : ", next at " + next,
                    e.getMessage());
        }
        return true;
    }

    Message message(ChannelStore.Row c, OutboxStore.Claimed d) {
        String team = accounts.team(c.teamId()).map(TeamRef::name).orElse("#" + c.teamId());
        List<NotificationEvent> events = d.purpose().equals("DIGEST")
                ? outbox.events(outbox.digestEvents(c.id(), d.createdAt()))
                : d.eventId() == null
                        ? List.of()
                        : outbox.event(d.eventId()).map(List::of).orElse(List.of());
        return new Message(d.purpose(), d.id(), events, d.summaryCount(), team);
    }

    /**
     * Queues one {@code DIGEST} delivery per channel with events waiting for the digest, unless one was queued
     * today (UTC). The digest collects, when it is sent, the events that wait then.
     */
    int queueDigests(Instant now) {
        Integer n = tx.execute(s -> {
            int queued = 0;
            for (long channel : outbox.digestChannels()) {
                if (outbox.digestQueuedSince(channel, now.truncatedTo(ChronoUnit.DAYS))) {
                    continue;
                }
                outbox.insertOwnDelivery(null, channel, "PENDING", "DIGEST", now, now, 0);
                queued++;
            }
            return queued;
        });
        return n == null ? 0 : n;
    }

    @Override
    public void start() {
        if (!properties.deliveryEnabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notifications");
            t.setDaemon(true);
            return t;
        });
        long poll = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        long sweepEvery = properties.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweep, Math.min(sweepEvery, 60_000), sweepEvery, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Sending notifications failed: {}", e.toString());
        }
    }

    private void sweep() {
        try {
            sweep.run(Instant.now());
            if (Instant.now().atZone(java.time.ZoneOffset.UTC).getHour() == properties.digestHour()) {
                queueDigests(Instant.now());
            }
        } catch (RuntimeException e) {
            log.warn("The notifications sweep failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
