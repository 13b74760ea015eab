package dev.mailward.scanning;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.PageOf;
import dev.mailward.shared.AuditableAction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's scanning facade: "check now" and "scan now" with progress and cancel, the
 * results of a domain, the changes page, and accepted findings.
 *
 * <p>Scoped like the inventory: a domain or scan of another team is "not found"
 * ({@code InventoryNotFoundException} / {@link ScanNotFoundException}). A scan is a non-admin's only
 * when every domain in it is of the user's teams (an admin's "scan everything" is not), and the domain
 * page shows such a scan as covering that domain only; changes need
 * {@code ADMIN} or {@code OPERATOR} of the domain's team ({@link AccessDeniedException}).
 */
@Service
public class ScanService {

    /** The most domains one "scan now" covers. */
    public static final int MAX_SCAN = 100_000;
    /**
     * The most domains one "scan now" may name one by one (each is looked up for the caller's
     * permission); larger selections are a tag, a team or everything.
     */
    public static final int MAX_SELECTED = 1_000;
    /** Rows per page of the changes page. */
    public static final int CHANGES_PAGE = 50;
    /** Rows per page of the scans and exceptions lists. */
    public static final int LIST_PAGE = 50;

    private static final Logger log = LoggerFactory.getLogger(ScanService.class);
    private static final String WRITERS = "hasAnyRole('ADMIN','OPERATOR')";

    private final InventoryService inventory;
    private final Accounts accounts;
    private final DomainDirectory directory;
    private final ScanRunStore runs;
    private final ResultStore results;
    private final ExceptionStore exceptions;
    private final ScanScheduler scheduler;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ScanService(InventoryService inventory, Accounts accounts, DomainDirectory directory, ScanRunStore runs,
            ResultStore results, ExceptionStore exceptions, ScanScheduler scheduler, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.inventory = inventory;
        this.accounts = accounts;
        this.directory = directory;
        this.runs = runs;
        this.results = results;
        this.exceptions = exceptions;
        this.scheduler = scheduler;
        this.tx = tx;
        this.events = events;
    }

    /** The domain's results, exceptions and scan in progress. */
    @PreAuthorize("isAuthenticated()")
    public DomainScanView domainView(long domainId) {
        DomainDetails domain = inventory.domain(domainId);
        Optional<ScanProgress> active = runs.openRunOf(domainId).flatMap(runs::progress)
                .map(p -> visibleRun(accounts.currentScope(), p.id()) ? p : onlyThisDomain(p, domain.name()));
        return new DomainScanView(domain, results.current(domainId),
                exceptions.active(domainId, LocalDate.now(ZoneOffset.UTC)), active, results.lastFinished(domainId));
    }

    /** Runs the domain's checks now, in the background; returns the scan run to follow. */
    @PreAuthorize(WRITERS)
    public long checkNow(long domainId) {
        DomainDetails d = writableDomain(domainId);
        return start("domain:" + d.name(), List.of(d.id()));
    }

    /** Scans the selection now, in the background; returns the scan run to follow. */
    @PreAuthorize(WRITERS)
    public long scanNow(ScanSelection selection) {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        return switch (selection) {
            case ScanSelection.Domains(List<Long> ids) -> {
                if (ids.size() > MAX_SELECTED) {
                    throw new ScanValidationException("domainIds", "scanning.scan.tooManyDomains",
                            ids.size() + " domains named; at most " + MAX_SELECTED
                                    + " are accepted (scan a tag, a team or everything instead)",
                            ids.size(), MAX_SELECTED);
                }
                if (ids.isEmpty()) {
                    throw new ScanValidationException("domainId", "scanning.scan.noDomains", "choose domains");
                }
                List<Long> ok = new ArrayList<>();
                for (Long id : new LinkedHashSet<>(ids)) {
                    try {
                        ok.add(writableDomain(id == null ? 0 : id).id());
                    } catch (InventoryNotFoundException e) {
                        // a selection naming an unknown (or another team's) domain is a bad request
                        throw new ScanValidationException("domainIds", "scanning.scan.unknownDomain",
                                "domain " + id + " not found", id);
                    }
                }
                yield start(ok.size() == 1 ? "domain:" + inventory.domain(ok.getFirst()).name()
                        : ok.size() + " domains", List.copyOf(new LinkedHashSet<>(ok)));
            }
            case ScanSelection.Tag(String tag) -> {
                String t = tag == null ? "" : tag.strip().toLowerCase(java.util.Locale.ROOT);
                if (t.isEmpty() || t.length() > 64) {
                    throw new ScanValidationException("tag", "scanning.scan.noTag", "choose a tag");
                }
                yield start("tag:" + t, nonEmpty(directory.ids(teams, Optional.of(t), MAX_SCAN)));
            }
            case ScanSelection.Team(long teamId) -> {
                String name = accounts.team(teamId).filter(t -> scope.canSee(t.id())).map(t -> t.name())
                        .orElseThrow(() -> new ScanValidationException("teamId", "scanning.scan.unknownTeam",
                                "unknown team " + teamId, teamId));
                if (!scope.canWrite(teamId)) {
                    throw new AccessDeniedException("role " + scope.role() + " may not scan team " + teamId);
                }
                yield start("team:" + name, nonEmpty(directory.ids(new Long[] {teamId}, Optional.empty(), MAX_SCAN)));
            }
            case ScanSelection.All() -> start("all", nonEmpty(directory.ids(teams, Optional.empty(), MAX_SCAN)));
        };
    }

    /** Where a scan stands; a scan with another team's domains is "not found" for non-admins. */
    @PreAuthorize("isAuthenticated()")
    public ScanProgress progress(long scanRunId) {
        AccessScope scope = accounts.currentScope();
        ScanProgress p = runs.progress(scanRunId).orElseThrow(() -> new ScanNotFoundException("scan", scanRunId));
        if (!visibleRun(scope, scanRunId)) {
            throw new ScanNotFoundException("scan", scanRunId);
        }
        return p;
    }

    /**
     * Whether every domain of the run is the user's to see. A run whose domains are all gone is the
     * admins' only: its label may still name them.
     */
    private boolean visibleRun(AccessScope scope, long scanRunId) {
        if (scope.isAdmin()) {
            return true;
        }
        List<Long> teams = runs.teams(scanRunId);
        return !teams.isEmpty() && teams.stream().allMatch(scope::canSee);
    }

    /** A run that also covers other teams' domains, as the domain page of one of its domains shows it. */
    private static ScanProgress onlyThisDomain(ScanProgress p, String domain) {
        return new ScanProgress(p.id(), "domain:" + domain, p.requestedBy(), p.requestedAt(), 1, 0, 0,
                p.current().contains(domain) ? List.of(domain) : List.of(), p.cancelledAt());
    }

    /** The newest scans the user may see (at most 20). */
    @PreAuthorize("isAuthenticated()")
    public List<ScanProgress> recentScans() {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        return runs.recent(teams, 20).stream().flatMap(id -> runs.progress(id).stream()).toList();
    }

    /** A page of the scans the user may see (every domain of each in the user's teams), newest first. */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ScanProgress> scans(int page) {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        int p = Math.max(0, Math.min(page, 100_000));
        List<ScanProgress> items = runs.page(teams, p * LIST_PAGE, LIST_PAGE).stream()
                .flatMap(id -> runs.progress(id).stream()).toList();
        return new PageOf<>(items, p, LIST_PAGE, runs.count(teams));
    }

    /** Cancels what of the scan has not started; domains being scanned finish; audited per team. */
    @PreAuthorize(WRITERS)
    public ScanProgress cancel(long scanRunId) {
        AccessScope scope = accounts.currentScope();
        progress(scanRunId);
        if (!runs.teams(scanRunId).stream().allMatch(scope::canWrite)) {
            throw new AccessDeniedException("role " + scope.role() + " may not cancel scan " + scanRunId);
        }
        String actor = CurrentUser.actorName();
        List<Long> left = tx.execute(s -> {
            boolean first = runs.progress(scanRunId).flatMap(ScanProgress::cancelledAt).isEmpty();
            List<Long> waiting = runs.cancel(scanRunId, actor, Instant.now());
            if (first) {
                audit(actor, "scan.cancelled", scanRunId, "left out=" + waiting.size());
            }
            return waiting;
        });
        log.info("Scan {} cancelled by {}; {} domains left out", scanRunId, actor, left == null ? 0 : left.size());
        return progress(scanRunId);
    }

    /** A page of changes the user may see, newest first. */
    @PreAuthorize("isAuthenticated()")
    public List<ChangeEntry> changes(Optional<String> domain, Optional<String> check,
            Optional<ChangeDirection> direction, int page) {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        int p = Math.max(0, Math.min(page, 10_000));
        return results.changes(teams, domain.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(
                java.util.Locale.ROOT)), check.filter(s -> !s.isBlank()), direction, p * CHANGES_PAGE, CHANGES_PAGE);
    }

    /**
     * A page of the exceptions of the domains the user may see, newest first.
     *
     * @param domainId only this domain's (another team's domain is "not found")
     * @param activeOnly only those neither revoked nor expired today (UTC)
     */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ExceptionEntry> exceptions(Optional<Long> domainId, boolean activeOnly, int page) {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        domainId.ifPresent(inventory::domain);
        Optional<LocalDate> day = activeOnly ? Optional.of(LocalDate.now(ZoneOffset.UTC)) : Optional.empty();
        int p = Math.max(0, Math.min(page, 100_000));
        return new PageOf<>(exceptions.list(teams, domainId, day, p * LIST_PAGE, LIST_PAGE), p, LIST_PAGE,
                exceptions.count(teams, domainId, day));
    }

    /** One exception, revoked or not; another team's is "not found". */
    @PreAuthorize("isAuthenticated()")
    public ExceptionEntry exception(long exceptionId) {
        AccessScope scope = accounts.currentScope();
        long domainId = exceptions.domainOf(exceptionId)
                .orElseThrow(() -> new ScanNotFoundException("exception", exceptionId));
        DomainDetails d;
        try {
            d = inventory.domain(domainId);
        } catch (InventoryNotFoundException e) {
            throw new ScanNotFoundException("exception", exceptionId);
        }
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        return exceptions.list(teams, Optional.of(d.id()), Optional.empty(), 0, Integer.MAX_VALUE).stream()
                .filter(e -> e.finding().id() == exceptionId).findFirst()
                .orElseThrow(() -> new ScanNotFoundException("exception", exceptionId));
    }

    /** Ends an exception before its expiry, found by its id alone; see {@link #revokeException(long, long)}. */
    @PreAuthorize(WRITERS)
    public void revokeException(long exceptionId) {
        long domainId = exceptions.domainOf(exceptionId)
                .orElseThrow(() -> new ScanNotFoundException("exception", exceptionId));
        try {
            revokeException(domainId, exceptionId);
        } catch (InventoryNotFoundException e) {
            throw new ScanNotFoundException("exception", exceptionId);
        }
    }

    /** Accepts a finding with a reason until a date; audited. Returns the exception's id. */
    @PreAuthorize(WRITERS)
    public long acceptFinding(long domainId, AcceptFinding cmd) {
        DomainDetails d = writableDomain(domainId);
        AcceptFinding clean = validate(cmd);
        String actor = CurrentUser.actorName();
        Long id = tx.execute(s -> {
            long created = exceptions.insert(domainId, clean, actor, Instant.now());
            events.publishEvent(AuditableAction.forTeam(actor, d.teamId(), "finding.accepted", "domain:" + d.name(),
                    "exception=" + created + " " + clean.check() + " " + clean.target() + " " + clean.code()
                            + " until " + clean.expiresOn() + ": " + clean.reason()));
            return created;
        });
        log.info("{} accepted {} of {} on {} until {}", actor, clean.code(), clean.check(), d.name(),
                clean.expiresOn());
        return id == null ? 0 : id;
    }

    /** Ends an exception before its expiry; audited. Revoking a revoked one changes nothing. */
    @PreAuthorize(WRITERS)
    public void revokeException(long domainId, long exceptionId) {
        DomainDetails d = writableDomain(domainId);
        AcceptedFinding e = exceptions.find(domainId, exceptionId)
                .orElseThrow(() -> new ScanNotFoundException("exception", exceptionId));
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(s -> {
            if (!exceptions.revoke(exceptionId, actor, Instant.now())) {
                return;
            }
            events.publishEvent(AuditableAction.forTeam(actor, d.teamId(), "finding.exception-revoked",
                    "domain:" + d.name(), "exception=" + exceptionId + " " + e.check() + " " + e.target() + " "
                            + e.code()));
        });
    }

    private AcceptFinding validate(AcceptFinding cmd) {
        String check = trim(cmd.check(), "check", 32);
        String target = trim(cmd.target(), "target", 512);
        String code = trim(cmd.code(), "code", 64);
        if (!KnownFindings.isCheck(check)) {
            throw new ScanValidationException("check", "scanning.exception.unknownCheck",
                    "'" + check + "' is not a check of Mailward", check);
        }
        if (!KnownFindings.isCode(code)) {
            throw new ScanValidationException("code", "scanning.exception.unknownCode",
                    "'" + code + "' is not a finding code of Mailward", code);
        }
        String reason = cmd.reason() == null ? "" : cmd.reason().strip();
        if (reason.isEmpty() || reason.length() > 1000) {
            throw new ScanValidationException("reason", "scanning.exception.reasonRequired",
                    "give a reason of 1 to 1000 characters");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (cmd.expiresOn() == null || cmd.expiresOn().isBefore(today) || cmd.expiresOn().isAfter(today.plusYears(2))) {
            throw new ScanValidationException("expiresOn", "scanning.exception.expiry",
                    "the expiry must be between today and two years ahead", today, today.plusYears(2));
        }
        return new AcceptFinding(check, target, code, reason, cmd.expiresOn());
    }

    private static String trim(String s, String field, int max) {
        String v = s == null ? "" : s.strip();
        if (v.isEmpty() || v.length() > max) {
            throw new ScanValidationException(field, "scanning.exception.field", "invalid " + field, field);
        }
        return v;
    }

    private long start(String label, List<Long> domainIds) {
        String actor = CurrentUser.actorName();
        Long id = tx.execute(s -> {
            long created = runs.create(label, actor, Instant.now(), domainIds);
            audit(actor, "scan.started", created, "label=" + label + " domains=" + domainIds.size());
            return created;
        });
        for (long d : domainIds) {
            directory.find(d).ifPresent(t -> scheduler.runNow(t.id(), t.intervalMinutes()));
        }
        log.info("Scan {} of {} ({} domains) requested by {}", id, label, domainIds.size(), actor);
        return id == null ? 0 : id;
    }

    /** One entry per team with domains in the run, so that each team's auditors see it. */
    private void audit(String actor, String action, long runId, String detail) {
        for (Map.Entry<Long, Integer> team : runs.domainsPerTeam(runId).entrySet()) {
            events.publishEvent(AuditableAction.forTeam(actor, team.getKey(), action, "scan:" + runId,
                    detail + " team domains=" + team.getValue()));
        }
    }

    private static List<Long> nonEmpty(List<Long> ids) {
        if (ids.isEmpty()) {
            throw new ScanValidationException("scope", "scanning.scan.nothing", "no domains to scan");
        }
        return ids;
    }

    private DomainDetails writableDomain(long domainId) {
        AccessScope scope = accounts.currentScope();
        DomainDetails d = inventory.domain(domainId);
        if (!scope.canWrite(d.teamId())) {
            throw new AccessDeniedException("role " + scope.role() + " may not scan domain " + domainId);
        }
        return d;
    }
}
