package dev.mailward.mitigations.web;

import dev.mailward.reportintake.DmarcSummary;
import dev.mailward.reportintake.TlsSummary;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reports about the domain say on its DMARC ({@code layered-auth}) or TLS ({@code tls}) guide, for the
 * last {@link GuideController#REPORT_DAYS} days: the DMARC summary with the number of sources that failed, or
 * the TLS summary with its most frequent failure result types. A null summary: not this guide's kind.
 * {@code recordPublished}: the domain's own DMARC (or TLS-RPT) record was seen, so without reports its {@code rua=}
 * is what to look at, not a record to publish.
 */
record GuideReports(
        long domainId,
        String domain,
        LocalDate from,
        LocalDate to,
        DmarcSummary dmarc,
        long failingSources,
        TlsSummary tls,
        List<ResultType> topResultTypes,
        boolean recordPublished) {

    /** The most result types shown. */
    static final int TOP_TYPES = 5;

    /** Failed sessions of one result type, over every MX host. */
    record ResultType(String type, long sessions) {}

    static GuideReports of(DmarcSummary d, boolean recordPublished) {
        long failing =
                d.sources().stream().filter(s -> s.passing() < s.messages()).count();
        return new GuideReports(
                d.domainId(), d.domain(), d.from(), d.to(), d, failing, null, List.of(), recordPublished);
    }

    static GuideReports of(TlsSummary t, boolean recordPublished) {
        Map<String, Long> byType = new LinkedHashMap<>();
        t.failures().forEach(f -> byType.merge(f.resultType(), f.sessions(), Long::sum));
        List<ResultType> top = byType.entrySet().stream()
                .map(e -> new ResultType(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(ResultType::sessions)
                        .reversed()
                        .thenComparing(ResultType::type))
                .limit(TOP_TYPES)
                .toList();
        return new GuideReports(t.domainId(), t.domain(), t.from(), t.to(), null, 0, t, top, recordPublished);
    }

    /** Whether DMARC reports counted any message in the period. */
    public boolean dmarcReceived() {
        return dmarc != null && dmarc.messages() > 0;
    }

    /** Whether TLS reports counted any session in the period. */
    public boolean tlsReceived() {
        return tls != null && tls.successful() + tls.failed() > 0;
    }

    /** DMARC pass rate in whole percent (rounded down, so 99.6 % is not shown as 100). */
    public long passPercent() {
        return dmarc == null || dmarc.messages() == 0 ? 0 : Math.floorDiv(100 * dmarc.passing(), dmarc.messages());
    }
}
