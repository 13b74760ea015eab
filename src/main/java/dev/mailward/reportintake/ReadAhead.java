package dev.mailward.reportintake;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

/**
 * Reads a DMARC report on a thread of its own and hands what it read to a sink on the calling thread, in batches
 * through a short queue: decompressing and parsing on one core, writing the records (COPY text, the socket) on the
 * calling thread, while PostgreSQL stores them. The caller gets the reader's failure as its own ({@link Unreadable},
 * or the exception or error that ended it); when the sink fails, the reader is stopped. Either way the reader has
 * ended when {@link #run} returns, so the stream it read is the caller's again.
 */
final class ReadAhead {

    private static final int BATCH = 256;
    private static final int QUEUE = 32;

    private sealed interface Item permits Begin, Rows, End, Failed {}

    private record Begin(DmarcReport header) implements Item {}

    private record Rows(DmarcReport.Row[] rows, int size) implements Item {}

    private record End(DmarcReport report) implements Item {}

    private record Failed(Throwable error) implements Item {}

    private ReadAhead() {}

    /** Runs {@code reading} on a reader thread into {@code sink}, called on this thread; the reading's result. */
    static DmarcReport run(ReportStore.DmarcReading reading, DmarcXml.Sink sink) throws Unreadable {
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
        Collecting collecting = new Collecting(queue);
        Thread reader = Thread.ofPlatform().name("reportintake-read").daemon().start(() -> {
            Item last;
            try {
                DmarcReport report = reading.read(collecting);
                collecting.flush();
                last = new End(report);
            } catch (Throwable t) {
                last = new Failed(t);
            }
            if (!collecting.stopped) {
                try {
                    queue.put(last);
                } catch (InterruptedException e) {
                    // the caller stopped waiting: it failed itself
                }
            }
        });
        try {
            while (true) {
                switch (queue.take()) {
                    case Begin b -> sink.begin(b.header());
                    case Rows r -> {
                        for (int i = 0; i < r.size(); i++) {
                            sink.row(r.rows()[i]);
                        }
                    }
                    case End e -> {
                        return e.report();
                    }
                    case Failed f -> throw rethrow(f.error());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a report", e);
        } finally {
            collecting.stopped = true;
            reader.interrupt();
            joinUninterruptibly(reader);
        }
    }

    private static RuntimeException rethrow(Throwable t) throws Unreadable {
        return switch (t) {
            case Unreadable u -> throw u;
            case RuntimeException r -> r;
            case Error e -> throw e;
            default -> new IllegalStateException(t);
        };
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reader's sink: the metadata at once, the records in batches; stops when the caller has stopped. */
    private static final class Collecting implements DmarcXml.Sink {
        private final BlockingQueue<Item> queue;
        private DmarcReport.Row[] batch = new DmarcReport.Row[BATCH];
        private int size;
        volatile boolean stopped;

        Collecting(BlockingQueue<Item> queue) {
            this.queue = queue;
        }

        @Override
        public void begin(DmarcReport report) {
            put(new Begin(report));
        }

        @Override
        public void row(DmarcReport.Row row) {
            batch[size++] = row;
            if (size == BATCH) {
                flush();
            }
        }

        void flush() {
            if (size > 0) {
                put(new Rows(batch, size));
                batch = new DmarcReport.Row[BATCH];
                size = 0;
            }
        }

        private void put(Item item) {
            if (stopped) {
                throw new CancellationException("the report is no longer being stored");
            }
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("the report is no longer being stored");
            }
        }
    }
}
