package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadAhead} hands everything the reader thread read to the sink on the calling thread, in order; the
 * reader's failure becomes the caller's; a failing sink stops the reader; and the reader has always ended when
 * {@code run} returns, so the stream it read is the caller's again.
 */
class ReadAheadTests {

    private static final DmarcReport HEADER = new DmarcReport(
            "reader.example",
            null,
            "r-1",
            Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-02T00:00:00Z"),
            "reader.example",
            new DmarcReport.Policy("none", null, null, null, null, null, null),
            List.of());

    @Test
    void handsOnTheMetadataAndEveryRecordInOrderOnTheCallingThread() throws Exception {
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> readerThread = new AtomicReference<>();

        DmarcReport result = ReadAhead.run(
                sink -> {
                    readerThread.set(Thread.currentThread());
                    sink.begin(HEADER);
                    for (int i = 1; i <= 10_000; i++) {
                        sink.row(row(i));
                    }
                    return HEADER;
                },
                new DmarcXml.Sink() {
                    @Override
                    public void begin(DmarcReport report) {
                        assertThat(Thread.currentThread()).isSameAs(caller);
                        seen.add("begin " + report.reportId());
                    }

                    @Override
                    public void row(DmarcReport.Row row) {
                        assertThat(Thread.currentThread()).isSameAs(caller);
                        seen.add(row.sourceIp() + "/" + row.count());
                    }
                });

        assertThat(result).isSameAs(HEADER);
        assertThat(readerThread.get()).isNotSameAs(caller);
        assertThat(readerThread.get().isAlive()).isFalse();
        assertThat(seen).hasSize(10_001).startsWith("begin r-1", "192.0.2.1/1");
        assertThat(seen.get(10_000)).isEqualTo("192.0.2.10000/10000");
    }

    @Test
    void theReadersUnreadableReportIsTheCallersAndTheReaderHasEnded() {
        AtomicReference<Thread> readerThread = new AtomicReference<>();

        assertThatThrownBy(() -> ReadAhead.run(
                        sink -> {
                            readerThread.set(Thread.currentThread());
                            sink.begin(HEADER);
                            sink.row(row(1));
                            throw new Unreadable("record 2 has no row/source_ip");
                        },
                        new Counting()))
                .isInstanceOf(Unreadable.class)
                .hasMessage("record 2 has no row/source_ip");
        assertThat(readerThread.get().isAlive()).isFalse();
    }

    @Test
    void aFailingSinkStopsTheReaderBeforeItReadsTheRest() {
        AtomicReference<Thread> readerThread = new AtomicReference<>();
        int[] read = new int[1];
        Counting failing = new Counting() {
            @Override
            public void row(DmarcReport.Row row) {
                if (++rows == 300) {
                    throw new IllegalStateException("the database went away");
                }
            }
        };

        assertThatThrownBy(() -> ReadAhead.run(
                        sink -> {
                            readerThread.set(Thread.currentThread());
                            sink.begin(HEADER);
                            for (int i = 1; i <= 10_000_000; i++) {
                                read[0] = i;
                                sink.row(row(i));
                            }
                            return HEADER;
                        },
                        failing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the database went away");
        assertThat(readerThread.get().isAlive()).isFalse();
        assertThat(read[0]).as("records read before the reader stopped").isLessThan(1_000_000);
    }

    private static DmarcReport.Row row(int n) {
        return new DmarcReport.Row(
                "192.0.2." + n, n, "none", "pass", "fail", "reader.example", null, null, List.of(), List.of());
    }

    private static class Counting implements DmarcXml.Sink {
        int rows;

        @Override
        public void begin(DmarcReport report) {}

        @Override
        public void row(DmarcReport.Row row) {
            rows++;
        }
    }
}
