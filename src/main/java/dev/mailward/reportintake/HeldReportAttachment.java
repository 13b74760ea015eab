package dev.mailward.reportintake;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Gives a domain onboarded after its reports arrived those reports: every {@code
 * mailward.reports.intake.attach-interval} (default 5 min) the reports kept aside because their domain was not in
 * the inventory are attached to it ({@link ReportStore#attachHeld}, two set-based updates over the held rows by
 * name). A report about a domain that was in the inventory but not among its sender's teams stays held. The updates
 * are idempotent, so replicas running them at the same time do no harm.
 */
@Component
class HeldReportAttachment implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeldReportAttachment.class);

    private final ReportStore store;
    private final Duration interval;
    private final Repeating attachments = new Repeating("report-attachment");

    HeldReportAttachment(ReportStore store, ReportIntakeProperties properties) {
        this.store = store;
        this.interval = properties.attachInterval();
    }

    /** Attaches what can be attached now; the DMARC reports and TLS policies attached. */
    int[] attach() {
        int[] n = store.attachHeld();
        if (n[0] + n[1] > 0) {
            log.info(
                    "Attached {} DMARC reports and {} TLS report policies kept aside to domains onboarded since",
                    n[0],
                    n[1]);
        }
        return n;
    }

    private void run() {
        try {
            attach();
        } catch (RuntimeException e) {
            log.warn("Attaching held reports to new domains failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        attachments.start(interval, interval, this::run);
    }

    @Override
    public void stop() {
        attachments.stop();
    }

    @Override
    public boolean isRunning() {
        return attachments.isRunning();
    }
}
