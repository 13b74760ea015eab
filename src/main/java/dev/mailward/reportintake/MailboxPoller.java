package dev.mailward.reportintake;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls the IMAP mailbox ({@code mailward.reports.intake.imap.*}) every {@code poll-interval} on a thread of its
 * own, when enabled. A poll that fails (server down, TLS refused, wrong password) is logged with the reason and
 * tried again at the next interval, never sooner.
 */
@Component
class MailboxPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final ReportIntakeProperties.Imap settings;
    private final ReportIntake intake;
    private final DataSource dataSource;
    private ScheduledExecutorService executor;

    MailboxPoller(ReportIntakeProperties properties, ReportIntake intake, DataSource dataSource) {
        this.settings = properties.imap();
        this.intake = intake;
        this.dataSource = dataSource;
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || executor != null) {
            return;
        }
        Mailbox mailbox = new Mailbox(settings, intake, dataSource);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "report-mailbox");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> poll(mailbox), Math.min(every, 30_000), every, TimeUnit.MILLISECONDS);
        log.info("Polling the IMAP mailbox {} every {}", settings, settings.pollInterval());
    }

    private void poll(Mailbox mailbox) {
        try {
            mailbox.poll();
        } catch (Mailbox.Unavailable e) {
            log.warn("Report mailbox not polled: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Report mailbox poll failed", e);
        }
    }

    @Override
    public synchronized void stop() {
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
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
