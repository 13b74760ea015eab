package dev.mailward.reportintake;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.reportintake.IngestResult.Item;
import dev.mailward.reportintake.IngestResult.Outcome;
import dev.mailward.reportintake.ReportFiles.DmarcItem;
import dev.mailward.reportintake.ReportFiles.Refused;
import dev.mailward.reportintake.ReportFiles.TlsItem;
import java.net.IDN;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /** Files per request at most. */
    public static final int MAX_FILES = 20;

    /** Bytes per received file at most. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    /** The longest period a summary covers, in days. */
    public static final int MAX_PERIOD_DAYS = 400;

    private static final Logger log = LoggerFactory.getLogger(ReportIntake.class);
    private static final int HELD_LIMIT = 200;
    private static final int MAX_NAME = 200;

    private final ReportStore store;
    private final ReportFigures figures;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final ReportFiles files = new ReportFiles(IntakeLimits.DEFAULT);

    ReportIntake(ReportStore store, ReportFigures figures, Accounts accounts, TransactionTemplate tx) {
        this.store = store;
        this.figures = figures;
        this.accounts = accounts;
        this.tx = tx;
    }

    /** Reads every file and stores what it holds; never throws for a file's content. */
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    public IngestResult ingest(List<ReceivedFile> received, ReportSource source) {
        if (received.isEmpty()) {
            throw new IntakeRefusedException("file", "reportintake.error.noFile", "no file was sent");
        }
        if (received.size() > MAX_FILES) {
            throw new IntakeRefusedException(
                    "file", "reportintake.error.tooManyFiles", "at most " + MAX_FILES + " files per request");
        }
        AccessScope scope = accounts.currentScope();
        String actor = CurrentUser.actorName();
        List<IngestResult.FileResult> out = new ArrayList<>();
        for (ReceivedFile file : received) {
            String name = file.name() == null || file.name().isBlank() ? "file" : file.name();
            name = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
            file = new ReceivedFile(name, file.bytes());
            ReportStore.Receipt receipt = new ReportStore.Receipt(source, name, Instant.now(), actor);
            List<Item> items = new ArrayList<>();
            if (file.bytes().length > MAX_FILE_BYTES) {
                String reason = "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB";
                store.insertRejected(file.name(), reason, file.bytes().length, sha256(file.bytes()), receipt);
                items.add(new Item(file.name(), null, Outcome.REFUSED, null, null, null, reason));
            } else {
                for (ReportFiles.Item item : files.open(file.name(), file.bytes())) {
                    items.add(store(item, file, scope, receipt));
                }
            }
            out.add(new IngestResult.FileResult(file.name(), items));
        }
        IngestResult result = new IngestResult(out);
        log.info(
                "{} sent {} report file(s) ({}): {} stored, {} duplicate, {} kept aside, {} refused",
                actor,
                received.size(),
                source,
                result.count(Outcome.STORED),
                result.count(Outcome.DUPLICATE),
                result.count(Outcome.KEPT_ASIDE),
                result.count(Outcome.REFUSED));
        return result;
    }

    private Item store(ReportFiles.Item item, ReceivedFile file, AccessScope scope, ReportStore.Receipt receipt) {
        return switch (item) {
            case Refused r -> {
                store.insertRejected(r.name(), r.reason(), file.bytes().length, sha256(file.bytes()), receipt);
                yield new Item(r.name(), null, Outcome.REFUSED, null, null, null, r.reason());
            }
            case DmarcItem d -> {
                DmarcReport report = d.report();
                Long domainId = attribute(report.domain(), scope);
                Optional<Long> id = tx.execute(s -> store.insertDmarc(report, domainId, receipt));
                yield new Item(
                        d.name(),
                        "DMARC",
                        outcome(id, domainId != null),
                        report.orgName(),
                        report.reportId(),
                        report.domain(),
                        null);
            }
            case TlsItem t -> {
                TlsReport report = t.report();
                List<Long> domainIds = report.policies().stream()
                        .map(p -> attribute(p.domain(), scope))
                        .toList();
                Optional<Long> id = tx.execute(s -> store.insertTls(report, domainIds, receipt));
                yield new Item(
                        t.name(),
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
                        null);
            }
        };
    }

    private static Outcome outcome(Optional<Long> id, boolean attributed) {
        if (id == null || id.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        return attributed ? Outcome.STORED : Outcome.KEPT_ASIDE;
    }

    /** The inventory domain the report is about, if the sender's teams own it (an ADMIN: any). */
    private Long attribute(String name, AccessScope scope) {
        String aLabel;
        try {
            aLabel = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return store.domainByName(aLabel)
                .filter(d -> scope.canWrite(d.teamId()))
                .map(ReportStore.Domain::id)
                .orElse(null);
    }

    /** What the DMARC reports of a domain the user may see say for the period (ISO days, UTC, inclusive). */
    @PreAuthorize("isAuthenticated()")
    public DmarcSummary dmarcSummary(long domainId, LocalDate from, LocalDate to) {
        return store.dmarcSummary(visible(domainId), from, checkPeriod(from, to));
    }

    /** What the TLS reports of a domain the user may see say for the period (ISO days, UTC, inclusive). */
    @PreAuthorize("isAuthenticated()")
    public TlsSummary tlsSummary(long domainId, LocalDate from, LocalDate to) {
        return store.tlsSummary(visible(domainId), from, checkPeriod(from, to));
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
