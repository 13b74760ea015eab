package dev.mailward.reportintake;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.checks.dmarc.PublicSuffixList;
import dev.mailward.reportintake.IngestResult.Item;
import dev.mailward.reportintake.IngestResult.Outcome;
import java.io.InputStream;
import java.net.IDN;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The report intake's facade: receives files (console upload, API), stores the DMARC aggregate and TLS reports
 * in them, and answers per domain what they say. ADMIN and OPERATOR may send reports; a report belongs to the
 * inventory domain it is about, and an OPERATOR's report about a domain outside their teams (or unknown) is kept
 * aside for an ADMIN like a report about an unknown domain, so that no team's figures can be written by another
 * team. Every reader sees the summaries of their teams' domains; another team's domain answers like an unknown
 * one ({@link DomainNotFoundException}). Each stored report commits on its own: one bad report never undoes or
 * stops the others.
 */
@Service
public class ReportIntake {

    /** The longest period a summary covers, in days. */
    public static final int MAX_PERIOD_DAYS = 400;

    /** Domains per page of the portfolio. */
    public static final int PORTFOLIO_PAGE = 50;

    private static final Logger log = LoggerFactory.getLogger(ReportIntake.class);
    private static final int HELD_LIMIT = 200;
    private static final int MAX_NAME = 200;

    private final ReportStore store;
    private final ReportFigures figures;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final ReportIntakeProperties properties;
    private final ReportFiles files = new ReportFiles(IntakeLimits.DEFAULT);
    private final SourceNames names;
    private final AnalysisStore analysis;
    private final SourceAnalysis rules;

    ReportIntake(
            ReportStore store,
            ReportFigures figures,
            Accounts accounts,
            TransactionTemplate tx,
            ReportIntakeProperties properties,
            SourceNames names,
            AnalysisStore analysis,
            MessageSource messages) {
        this.store = store;
        this.figures = figures;
        this.accounts = accounts;
        this.tx = tx;
        this.properties = properties;
        this.names = names;
        this.analysis = analysis;
        this.rules = new SourceAnalysis(
                PublicSuffixList.bundled(),
                properties.knownForwarders(),
                (key, args) -> messages.getMessage(key, args.toArray(), key, Locale.ENGLISH));
    }

    /** Reads every file and stores what it holds; never throws for a file's content. */
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    public IngestResult ingest(List<ReceivedFile> received, ReportSource source) {
        if (received.isEmpty()) {
            throw new IntakeRefusedException("file", "reportintake.error.noFile", "no file was sent");
        }
        if (received.size() > properties.maxFiles()) {
            throw new IntakeRefusedException(
                    "file",
                    "reportintake.error.tooManyFiles",
                    "at most " + properties.maxFiles() + " files per request");
        }
        AccessScope scope = accounts.currentScope();
        return receive(
                received,
                source,
                scope::canWrite,
                CurrentUser.actorName(),
                properties.maxFileSize().toBytes());
    }

    /**
     * A message the mailbox poller fetched ({@link ReportSource#IMAP}): stored as {@code actor} (the mailbox),
     * attributed to whichever inventory domain a report is about, since the operator chose the mailbox that
     * {@code rua=} points to. For the poller only; it has no user, hence no method security.
     */
    IngestResult receiveFromMailbox(ReceivedFile message, String actor, long maxBytes) {
        return receive(List.of(message), ReportSource.IMAP, teamId -> true, actor, maxBytes);
    }

    /** A message the mailbox poller does not read (too large, or the server would not give it): kept aside. */
    void refuseFromMailbox(String name, String reason, long size, String sha256, String actor) {
        store.insertRejected(
                name, reason, size, sha256, new ReportStore.Receipt(ReportSource.IMAP, name, Instant.now(), actor));
        log.info("IMAP message {} kept aside unread: {}", name, reason);
    }

    /**
     * A body posted to the open TLS-RPT endpoint (RFC 8460 §3, {@link ReportSource#HTTPS}): only SMTP TLS
     * reports are taken; anything else in it (a DMARC report, an archive of several) is refused with the reason
     * and kept aside for an ADMIN like every unreadable file. Attributed to whichever inventory domain a policy
     * is about. Open without login by design (anyone may send a report, as anyone may mail one to
     * {@code rua=mailto:}); the endpoint bounds size and rate before it calls this.
     *
     * @param name how the report is listed (the sender's address)
     * @param body the body as received
     * @param gzip whether it was declared {@code application/tlsrpt+gzip} (else {@code +json}); a body that is not
     *     what it was declared to be is refused
     */
    public IngestResult receiveTlsReport(String name, byte[] body, boolean gzip) {
        String actor = name.length() > 64 ? name.substring(0, 64) : name;
        boolean isGzip = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        if (gzip != isGzip) {
            String reason = gzip
                    ? "declared application/tlsrpt+gzip, but the body is not gzip data"
                    : "declared application/tlsrpt+json, but the body is compressed";
            store.insertRejected(
                    name,
                    reason,
                    body.length,
                    sha256(body),
                    new ReportStore.Receipt(ReportSource.HTTPS, name, Instant.now(), actor));
            Item refused = new Item(name, null, Outcome.REFUSED, null, null, null, reason);
            return new IngestResult(List.of(new IngestResult.FileResult(name, List.of(refused))));
        }
        return receive(
                List.of(new ReceivedFile(name, body)), ReportSource.HTTPS, teamId -> true, actor, Long.MAX_VALUE);
    }

    private IngestResult receive(
            List<ReceivedFile> received, ReportSource source, LongPredicate mayWrite, String actor, long maxBytes) {
        long started = System.nanoTime();
        List<IngestResult.FileResult> out = new ArrayList<>();
        for (ReceivedFile file : received) {
            String name = file.name() == null || file.name().isBlank() ? "file" : file.name();
            name = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
            file = new ReceivedFile(name, file.bytes());
            ReportStore.Receipt receipt = new ReportStore.Receipt(source, name, Instant.now(), actor);
            Storing storing = new Storing(file, source, mayWrite, receipt);
            if (file.bytes().length > maxBytes) {
                storing.refused(file.name(), "larger than " + maxBytes / (1024 * 1024) + " MiB");
            } else {
                files.open(file.name(), file.bytes(), storing);
            }
            out.add(new IngestResult.FileResult(file.name(), storing.items));
        }
        IngestResult result = new IngestResult(out);
        log.info(
                "{} sent {} report file(s) ({}): {} stored, {} duplicate, {} kept aside, {} refused in {} ms",
                actor,
                received.size(),
                source,
                result.count(Outcome.STORED),
                result.count(Outcome.DUPLICATE),
                result.count(Outcome.KEPT_ASIDE),
                result.count(Outcome.REFUSED),
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /**
     * Stores each report of one received file as it is read: a DMARC report in one transaction of its own while
     * it is read ({@link ReportStore#writeDmarc}), so that a large report is written as fast as it can be read;
     * a TLS report once read; a part that cannot be read is kept aside with the reason and the file's digest.
     */
    private final class Storing implements ReportFiles.Handler {
        final List<Item> items = new ArrayList<>();
        private final ReceivedFile file;
        private final ReportSource source;
        private final LongPredicate mayWrite;
        private final ReportStore.Receipt receipt;

        Storing(ReceivedFile file, ReportSource source, LongPredicate mayWrite, ReportStore.Receipt receipt) {
            this.file = file;
            this.source = source;
            this.mayWrite = mayWrite;
            this.receipt = receipt;
        }

        @Override
        public void dmarc(String name, InputStream xml) throws Unreadable {
            if (source == ReportSource.HTTPS) {
                throw new Unreadable("not an SMTP TLS report: only TLS-RPT reports are taken here");
            }
            ReportStore.WrittenDmarc written;
            try {
                written = tx.execute(s -> {
                    try {
                        return store.writeDmarc(
                                report -> attribute(report.domain(), mayWrite),
                                receipt,
                                new Busiest(properties.ptrPerImport()),
                                sink -> files.dmarcXml().parse(xml, sink));
                    } catch (Unreadable e) {
                        throw new ReportStore.UnreadableWhileWriting(e);
                    }
                });
            } catch (ReportStore.UnreadableWhileWriting e) {
                throw e.unreadable();
            }
            DmarcReport report = written.report();
            if (written.id().isPresent() && written.domainId() != null) {
                names.resolveBusiest(written.busiest());
            }
            items.add(new Item(
                    name,
                    "DMARC",
                    outcome(written.id(), written.domainId() != null),
                    report.orgName(),
                    report.reportId(),
                    report.domain(),
                    null));
        }

        @Override
        public void tls(String name, TlsReport report) {
            List<Long> domainIds = report.policies().stream()
                    .map(p -> attribute(p.domain(), mayWrite))
                    .toList();
            Optional<Long> id = tx.execute(s -> store.insertTls(report, domainIds, receipt));
            if (id != null && id.isPresent()) {
                names.resolveLater(report.policies().stream()
                        .flatMap(p -> p.failures().stream())
                        .map(TlsReport.Failure::sendingIp)
                        .filter(ip -> ip != null)
                        .toList());
            }
            items.add(new Item(
                    name,
                    "TLSRPT",
                    outcome(id, domainIds.stream().allMatch(x -> x != null)),
                    report.orgName(),
                    report.reportId(),
                    String.join(
                            ", ",
                            report.policies().stream()
                                    .map(TlsReport.Policy::domain)
                                    .distinct()
                                    .toList()),
                    null));
        }

        @Override
        public void refused(String name, String reason) {
            store.insertRejected(name, reason, file.bytes().length, sha256(file.bytes()), receipt);
            items.add(new Item(name, null, Outcome.REFUSED, null, null, null, reason));
        }
    }

    private static Outcome outcome(Optional<Long> id, boolean attributed) {
        if (id == null || id.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        return attributed ? Outcome.STORED : Outcome.KEPT_ASIDE;
    }

    /** The inventory domain the report is about, if the sender may write its team's rows (an ADMIN: any). */
    private Long attribute(String name, LongPredicate mayWrite) {
        String aLabel;
        try {
            aLabel = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return store.domainByName(aLabel)
                .filter(d -> mayWrite.test(d.teamId()))
                .map(ReportStore.Domain::id)
                .orElse(null);
    }

    /** What the DMARC reports of a domain the user may see say for the period (ISO days, UTC, inclusive). */
    @PreAuthorize("isAuthenticated()")
    public DmarcSummary dmarcSummary(long domainId, LocalDate from, LocalDate to) {
        ReportStore.Domain domain = visible(domainId);
        DmarcSummary base = store.dmarcSummary(domain, from, checkPeriod(from, to));
        List<AnalysisStore.SourceFacts> facts = analysis.sourceFacts(domain.id(), from, to);
        Map<String, SourceOrigin> origins =
                names.origins(facts.stream().map(AnalysisStore.SourceFacts::ip).toList());
        List<DmarcSummary.SourceDetail> details = rules.classify(domain.name(), facts, origins, base.messages());
        DmarcSummary.Coverage coverage = analysis.dmarcCoverage(domain.id(), from, to);
        return base.with(
                coverage, details, rules.organisations(details), rules.rejectVerdict(coverage, details, base.policy()));
    }

    /** What the TLS reports of a domain the user may see say for the period (ISO days, UTC, inclusive). */
    @PreAuthorize("isAuthenticated()")
    public TlsSummary tlsSummary(long domainId, LocalDate from, LocalDate to) {
        ReportStore.Domain domain = visible(domainId);
        TlsSummary base = store.tlsSummary(domain, from, checkPeriod(from, to));
        List<AnalysisStore.SendingFailures> sending = analysis.tlsSendingFailures(domain.id(), from, to);
        Map<String, SourceOrigin> origins = names.origins(sending.stream()
                .map(AnalysisStore.SendingFailures::sendingIp)
                .filter(ip -> ip != null)
                .toList());
        List<TlsSummary.ResultTotal> totals =
                SourceAnalysis.resultTotals(analysis.tlsResultTotals(domain.id(), from, to));
        DmarcSummary.Coverage coverage = analysis.tlsCoverage(domain.id(), from, to);
        return base.with(
                coverage,
                totals,
                SourceAnalysis.byOrganisation(sending, origins),
                rules.enforceVerdict(base, coverage, totals));
    }

    /**
     * The domains the user may see with DMARC reports in the period, lowest DMARC pass rate first, one page of
     * {@link #PORTFOLIO_PAGE} ({@code page} from 0).
     */
    @PreAuthorize("isAuthenticated()")
    public Portfolio portfolio(LocalDate from, LocalDate to, int page) {
        checkPeriod(from, to);
        int p = Math.max(0, Math.min(page, 10_000));
        AccessScope scope = accounts.currentScope();
        List<Portfolio.Row> rows = analysis.portfolio(
                scope.isAdmin() ? null : scope.teamIds(), from, to, p * PORTFOLIO_PAGE, PORTFOLIO_PAGE);
        boolean next = rows.size() > PORTFOLIO_PAGE;
        return new Portfolio(from, to, p, PORTFOLIO_PAGE, next, next ? rows.subList(0, PORTFOLIO_PAGE) : rows);
    }

    /** Whether the operator's ASN database was read (else the AS and country columns stay hidden). */
    @PreAuthorize("isAuthenticated()")
    public boolean hasAsnDatabase() {
        return names.hasAsn();
    }

    /** The domains the user may see that have stored reports, by name (at most 500). */
    @PreAuthorize("isAuthenticated()")
    public List<ReportedDomain> reportedDomains() {
        AccessScope scope = accounts.currentScope();
        return store.reportedDomains(scope.isAdmin() ? null : scope.teamIds());
    }

    /** Whether the user may send reports (ADMIN, OPERATOR). */
    @PreAuthorize("isAuthenticated()")
    public boolean canSend() {
        return accounts.currentScope().canWrite();
    }

    /** The name of a domain the user may see (for a page's heading). */
    @PreAuthorize("isAuthenticated()")
    public String domainName(long domainId) {
        return visible(domainId).name();
    }

    /**
     * Per domain of the user's teams (an ADMIN: every domain) with reports in the period (ISO days, UTC,
     * inclusive): DMARC messages and passing, TLS sessions and failure types; one query for all of them.
     */
    @PreAuthorize("isAuthenticated()")
    public List<DomainPassRate> passRates(LocalDate from, LocalDate to) {
        AccessScope scope = accounts.currentScope();
        return figures.passRates(scope.isAdmin() ? null : scope.teamIds(), from, checkPeriod(from, to));
    }

    /**
     * {@link #passRates} of every inventory domain, for work no user asked for (the notification sweep, which
     * announces to each domain's own team); never for a page.
     */
    public List<DomainPassRate> passRatesOfEveryDomain(LocalDate from, LocalDate to) {
        return figures.passRates(null, from, checkPeriod(from, to));
    }

    /**
     * The senders of a domain the user may see whose mail passed DKIM aligned while SPF passed aligned for none
     * of it, in the period, most messages first, at most {@code limit} (1 to 100).
     */
    @PreAuthorize("isAuthenticated()")
    public List<ReportedSender> dkimOnlySenders(long domainId, LocalDate from, LocalDate to, int limit) {
        ReportStore.Domain d = visible(domainId);
        return figures.dkimOnlySenders(d.id(), from, checkPeriod(from, to), Math.clamp(limit, 1, 100));
    }

    /** The files that could not be read and the reports about domains no team may see; ADMIN only. */
    @PreAuthorize("hasRole('ADMIN')")
    public HeldReports held() {
        return store.held(HELD_LIMIT);
    }

    private ReportStore.Domain visible(long domainId) {
        AccessScope scope = accounts.currentScope();
        return store.domainById(domainId)
                .filter(d -> scope.canSee(d.teamId()))
                .orElseThrow(() -> new DomainNotFoundException(domainId));
    }

    private static LocalDate checkPeriod(LocalDate from, LocalDate to) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IntakeRefusedException("to", "reportintake.error.period", "the period ends before it begins");
        }
        if (from.plusDays(MAX_PERIOD_DAYS).isBefore(to)) {
            throw new IntakeRefusedException(
                    "to", "reportintake.error.periodTooLong", "a period covers at most " + MAX_PERIOD_DAYS + " days");
        }
        return to;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
