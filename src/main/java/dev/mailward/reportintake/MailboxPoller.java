package dev.mailward.reportintake;

import java.time.Duration;
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
    private final Repeating polls = new Repeating("report-mailbox");

    MailboxPoller(ReportIntakeProperties properties, ReportIntake intake, DataSource dataSource) {
        this.settings = properties.imap();
        this.intake = intake;
        this.dataSource = dataSource;
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || polls.isRunning()) {
            return;
        }
        Mailbox mailbox = new Mailbox(settings, intake, dataSource);
        Duration every = settings.pollInterval();
        polls.start(Repeating.min(every, Duration.ofSeconds(30)), every, () -> poll(mailbox));
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
    public void stop() {
        polls.stop();
    }

    @Override
    public boolean isRunning() {
        return polls.isRunning();
    }
}
