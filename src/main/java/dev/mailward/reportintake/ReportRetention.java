package dev.mailward.reportintake;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what the intake keeps longer than {@code mailward.reports.intake.retention} (default 400 days):
 * DMARC and TLS reports whose period ended before now − retention, with their records, policies and failure
 * details, and rejected files received before it. Runs every {@code mailward.reports.intake.retention-interval}
 * (default 6 h; the first run one minute after start, or sooner with a shorter interval) in batches of
 * {@value #BATCH} reports, each its own transaction; a batch claims its rows with {@code FOR UPDATE SKIP LOCKED},
 * so that replicas running the purge at the same time delete disjoint rows and never wait on each other, and a
 * purge stopped half-way is finished by the next one.
 */
@Component
class ReportRetention implements SmartLifecycle {

    /** What one purge deleted, and how long it took. */
    record Purged(long dmarcReports, long dmarcRecords, long tlsReports, long rejected, Duration took) {}

    static final int BATCH = 2_000;

    private static final Logger log = LoggerFactory.getLogger(ReportRetention.class);

    private final ReportStore store;
    private final TransactionTemplate tx;
    private final Duration retention;
    private final Duration interval;
    private final Repeating purges = new Repeating("report-retention");

    ReportRetention(ReportStore store, TransactionTemplate tx, ReportIntakeProperties properties) {
        this.store = store;
        this.tx = tx;
        this.retention = properties.retention();
        this.interval = properties.retentionInterval();
    }

    /** Deletes everything that ended (reports) or arrived (rejected files) before {@code now} − retention. */
    Purged purge(Instant now) {
        long started = System.nanoTime();
        Instant cutoff = now.minus(retention);
        long dmarc = 0;
        long records = 0;
        long tls = 0;
        long rejected = 0;
        long[] batch;
        do {
            batch = tx.execute(s -> store.purgeDmarc(cutoff, BATCH));
            dmarc += batch[0];
            records += batch[1];
        } while (batch[0] == BATCH);
        int n;
        do {
            n = tx.execute(s -> store.purgeTls(cutoff, BATCH));
            tls += n;
        } while (n == BATCH);
        do {
            n = tx.execute(s -> store.purgeRejected(cutoff, BATCH));
            rejected += n;
        } while (n == BATCH);
        return new Purged(dmarc, records, tls, rejected, Duration.ofNanos(System.nanoTime() - started));
    }

    private void run() {
        try {
            Purged p = purge(Instant.now());
            if (p.dmarcReports() + p.tlsReports() + p.rejected() > 0) {
                log.info(
                        "Report retention ({}): deleted {} DMARC reports ({} records), {} TLS reports and {} rejected"
                                + " files in {} ms",
                        retention,
                        p.dmarcReports(),
                        p.dmarcRecords(),
                        p.tlsReports(),
                        p.rejected(),
                        p.took().toMillis());
            }
        } catch (RuntimeException e) {
            log.warn("The report retention purge failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        purges.start(Repeating.min(interval, Duration.ofMinutes(1)), interval, this::run);
    }

    @Override
    public void stop() {
        purges.stop();
    }

    @Override
    public boolean isRunning() {
        return purges.isRunning();
    }
}
