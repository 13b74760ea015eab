package dev.mailward.reportintake;

import java.time.LocalDate;
import java.util.List;

/**
 * One page of the domains the user may see that have DMARC aggregate reports for the period, lowest DMARC pass
 * rate first (then most messages, then name); {@code page} counts from 0, {@code hasNext} tells whether another
 * page follows.
 */
public record Portfolio(LocalDate from, LocalDate to, int page, int size, boolean hasNext, List<Row> rows) {

    /** One domain: messages, messages that passed DMARC, reports. */
    public record Row(long domainId, String domain, long messages, long passing, long reports) {

        /** {@code passing / messages} (0 without messages). */
        public double passRate() {
            return messages == 0 ? 0 : (double) passing / messages;
        }
    }
}
