package dev.mailward.dashboard.web;

import dev.mailward.reportintake.DomainPassRate;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The pass rates the reports give across the user's domains on the {@code layered-auth} (DMARC) and {@code tls}
 * (TLS-RPT) mitigation pages, for the last {@link #DAYS} days: the DMARC pass rate weighted by messages with
 * the few domains that pass least, and the TLS success rate weighted by sessions with the domains whose
 * sessions failed, most failures first.
 */
record ReportRates(
        LocalDate from,
        LocalDate to,
        boolean dmarc,
        long messages,
        long passing,
        List<DomainPassRate> worstDmarc,
        long tlsSuccessful,
        long tlsFailed,
        List<DomainPassRate> tlsFailing) {

    /** Days covered, today (UTC) included. */
    static final int DAYS = 30;

    /** The most domains each list shows. */
    static final int WORST = 5;

    static ReportRates of(boolean dmarc, LocalDate from, LocalDate to, List<DomainPassRate> rates) {
        long messages = rates.stream().mapToLong(DomainPassRate::messages).sum();
        long passing = rates.stream().mapToLong(DomainPassRate::passing).sum();
        List<DomainPassRate> worst = rates.stream()
                .filter(r -> r.messages() > 0 && r.passing() < r.messages())
                .sorted(Comparator.comparingDouble(DomainPassRate::passRate)
                        .thenComparing(Comparator.comparingLong(DomainPassRate::messages)
                                .reversed())
                        .thenComparing(DomainPassRate::domain))
                .limit(WORST)
                .toList();
        List<DomainPassRate> failing = rates.stream()
                .filter(r -> r.tlsFailed() > 0)
                .sorted(Comparator.comparingLong(DomainPassRate::tlsFailed)
                        .reversed()
                        .thenComparing(DomainPassRate::domain))
                .limit(WORST)
                .toList();
        return new ReportRates(
                from,
                to,
                dmarc,
                messages,
                passing,
                worst,
                rates.stream().mapToLong(DomainPassRate::tlsSuccessful).sum(),
                rates.stream().mapToLong(DomainPassRate::tlsFailed).sum(),
                failing);
    }

    /** Percent, rounded down (99.6 % is not 100); 0 of 0 is 0. */
    static long percent(long part, long whole) {
        return whole == 0 ? 0 : Math.floorDiv(100 * part, whole);
    }

    public long passPercent() {
        return percent(passing, messages);
    }

    /** One domain's DMARC pass rate in percent, rounded down. */
    public long passPercentOf(DomainPassRate r) {
        return percent(r.passing(), r.messages());
    }

    public long tlsSessions() {
        return tlsSuccessful + tlsFailed;
    }

    public long tlsSuccessPercent() {
        return percent(tlsSuccessful, tlsSessions());
    }
}
