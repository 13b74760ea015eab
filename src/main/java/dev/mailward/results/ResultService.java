package dev.mailward.results;

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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's results facade: a domain's results section, the changes page, accepted findings
 * (accept, revoke, list) and {@code /api/v1/results}.
 *
 * <p>Scoped like the inventory: a domain or exception of another team is "not found"
 * ({@code InventoryNotFoundException} / {@link ResultNotFoundException}); accepting and revoking
 * need {@code ADMIN} or {@code OPERATOR} of the domain's team ({@link AccessDeniedException}).
 * Refused input: {@link ResultValidationException}.
 */
@Service
public class ResultService {

    /** Rows per page of the changes page. */
    public static final int CHANGES_PAGE = 50;
    /** Rows per page of the exceptions list. */
    public static final int LIST_PAGE = 50;
    /** Results per page of {@link #results}. */
    public static final int RESULTS_PAGE_SIZE = 100;
    /** The longest domain name {@link #results} accepts. */
    private static final int MAX_NAME = 253;

    private static final Logger log = LoggerFactory.getLogger(ResultService.class);
    private static final String WRITERS = "hasAnyRole('ADMIN','OPERATOR')";

    private final InventoryService inventory;
    private final Accounts accounts;
    private final ResultStore results;
    private final ExceptionStore exceptions;
    private final ScanActivity activity;
    private final ScanBatches batches;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Rejudge rejudge;

    ResultService(
            InventoryService inventory,
            Accounts accounts,
            ResultStore results,
            ExceptionStore exceptions,
            ScanActivity activity,
            ScanBatches batches,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Rejudge rejudge) {
        this.rejudge = rejudge;
        this.batches = batches;
        this.inventory = inventory;
        this.accounts = accounts;
        this.results = results;
        this.exceptions = exceptions;
        this.activity = activity;
        this.tx = tx;
        this.events = events;
    }

    /** The domain's results, exceptions, and whether a scan of it is waiting or running. */
    @PreAuthorize("isAuthenticated()")
    public DomainResultsView domainView(long domainId) {
        DomainDetails domain = inventory.domain(domainId);
        return new DomainResultsView(
                domain,
                results.current(domainId),
                exceptions.active(domainId, LocalDate.now(ZoneOffset.UTC)),
                activity.scanInProgress(domainId),
                results.lastFinished(domainId));
    }

    /** A page of changes the user may see, newest first. */
    @PreAuthorize("isAuthenticated()")
    public List<ChangeEntry> changes(
            Optional<String> domain, Optional<String> check, Optional<ChangeDirection> direction, int page) {
        return changes(domain, check, direction, Optional.empty(), Optional.empty(), page);
    }

    /**
     * A page of changes the user may see, newest first, also filtered by the scan of many domains that found them
     * ({@code scan}, a {@code scan_run}) and by whether they made their domain worse or better ({@code worse}: true
     * for {@link ChangeDirection#worsens}, false for {@link ChangeDirection#improves}).
     */
    @PreAuthorize("isAuthenticated()")
    public List<ChangeEntry> changes(
            Optional<String> domain,
            Optional<String> check,
            Optional<ChangeDirection> direction,
            Optional<Long> scan,
            Optional<Boolean> worse,
            int page) {
        Long[] teams = visibleTeams(accounts.currentScope());
        int p = Math.max(0, Math.min(page, 10_000));
        Long[] runs =
                scan.map(id -> batches.engineRuns(id).toArray(Long[]::new)).orElse(null);
        return results.changes(
                teams,
                domain.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)),
                check.filter(s -> !s.isBlank()),
                direction,
                runs,
                worse.map(w -> w ? ResultStore.Trend.WORSE : ResultStore.Trend.BETTER),
                p * CHANGES_PAGE,
                CHANGES_PAGE);
    }

    /**
     * A page of the exceptions of the domains the user may see, newest first.
     *
     * @param domainId only this domain's (another team's domain is "not found")
     * @param activeOnly only those neither revoked nor expired today (UTC)
     */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ExceptionEntry> exceptions(Optional<Long> domainId, boolean activeOnly, int page) {
        Long[] teams = visibleTeams(accounts.currentScope());
        domainId.ifPresent(inventory::domain);
        return exceptionPage(
                new ExceptionStore.Filter(
                        teams,
                        domainId,
                        Optional.empty(),
                        activeOnly ? ExceptionState.ACTIVE : ExceptionState.ALL,
                        LocalDate.now(ZoneOffset.UTC)),
                page);
    }

    /**
     * A page of the exceptions list: those of the domains the user may see in one state as of today (UTC),
     * newest first.
     *
     * @param state the tab
     * @param teamId only this team's domains (a team the user may not see selects nothing)
     * @param domain only domains whose name contains this (case-insensitive)
     */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ExceptionEntry> exceptionList(
            ExceptionState state, Optional<Long> teamId, Optional<String> domain, int page) {
        Long[] teams = visibleTeams(accounts.currentScope());
        if (teamId.isPresent()) {
            long t = teamId.get();
            teams = teams == null || List.of(teams).contains(t) ? new Long[] {t} : new Long[0];
        }
        Optional<String> name = domain.map(String::strip)
                .filter(d -> !d.isEmpty())
                .map(d -> d.toLowerCase(Locale.ROOT))
                .map(d -> d.endsWith(".") ? d.substring(0, d.length() - 1) : d)
                .map(ResultService::abbreviateFilter);
        return exceptionPage(
                new ExceptionStore.Filter(teams, Optional.empty(), name, state, LocalDate.now(ZoneOffset.UTC)), page);
    }

    /** The most rows {@link #exceptionExport} answers. */
    public static final int MAX_EXPORT = 10_000;

    /**
     * Every exception {@link #exceptionList} pages through, newest first, at most {@link #MAX_EXPORT}
     * (the CSV export).
     */
    @PreAuthorize("isAuthenticated()")
    public List<ExceptionEntry> exceptionExport(ExceptionState state, Optional<Long> teamId, Optional<String> domain) {
        List<ExceptionEntry> out = new java.util.ArrayList<>();
        for (int p = 0; out.size() < MAX_EXPORT; p++) {
            List<ExceptionEntry> items = exceptionList(state, teamId, domain, p).items();
            out.addAll(items.subList(0, Math.min(items.size(), MAX_EXPORT - out.size())));
            if (items.size() < LIST_PAGE) {
                break;
            }
        }
        return out;
    }

    private PageOf<ExceptionEntry> exceptionPage(ExceptionStore.Filter filter, int page) {
        int p = Math.max(0, Math.min(page, 100_000));
        return new PageOf<>(exceptions.list(filter, p * LIST_PAGE, LIST_PAGE), p, LIST_PAGE, exceptions.count(filter));
    }

    /** How an audit entry names the scope: nothing for this target only (as before scopes), else "on every target". */
    private static String scopeNote(ExceptionScope scope) {
        return scope == ExceptionScope.DOMAIN ? " on every target" : "";
    }

    private static String abbreviateFilter(String s) {
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }

    /** One exception, revoked or not; another team's is "not found". */
    @PreAuthorize("isAuthenticated()")
    public ExceptionEntry exception(long exceptionId) {
        AccessScope scope = accounts.currentScope();
        long domainId = exceptions
                .domainOf(exceptionId)
                .orElseThrow(() -> new ResultNotFoundException("exception", exceptionId));
        DomainDetails d;
        try {
            d = inventory.domain(domainId);
        } catch (InventoryNotFoundException e) {
            throw new ResultNotFoundException("exception", exceptionId);
        }
        return exceptions
                .list(
                        new ExceptionStore.Filter(
                                visibleTeams(scope),
                                Optional.of(d.id()),
                                Optional.empty(),
                                ExceptionState.ALL,
                                LocalDate.now(ZoneOffset.UTC)),
                        0,
                        Integer.MAX_VALUE)
                .stream()
                .filter(e -> e.finding().id() == exceptionId)
                .findFirst()
                .orElseThrow(() -> new ResultNotFoundException("exception", exceptionId));
    }

    /** Ends an exception before its expiry, found by its id alone; see {@link #revokeException(long, long)}. */
    @PreAuthorize(WRITERS)
    public void revokeException(long exceptionId) {
        long domainId = exceptions
                .domainOf(exceptionId)
                .orElseThrow(() -> new ResultNotFoundException("exception", exceptionId));
        try {
            revokeException(domainId, exceptionId);
        } catch (InventoryNotFoundException e) {
            throw new ResultNotFoundException("exception", exceptionId);
        }
    }

    /**
     * Judges the latest stored observation of every domain again under the current rules, as the signed-in
     * admin ({@link Results#rejudgeAll}); audited.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public RejudgeCounts rejudgeAll() {
        return rejudge.all(CurrentUser.actorName());
    }

    /** Accepts a finding with a reason until a date; audited. Returns the exception's id. */
    @PreAuthorize(WRITERS)
    public long acceptFinding(long domainId, AcceptFinding cmd) {
        DomainDetails d = writableDomain(domainId);
        AcceptFinding clean = validate(cmd);
        String actor = CurrentUser.actorName();
        Long id = tx.execute(s -> {
            long created = exceptions.insert(domainId, clean, actor, Instant.now());
            events.publishEvent(AuditableAction.forTeam(
                    actor,
                    d.teamId(),
                    "finding.accepted",
                    "domain:" + d.name(),
                    "exception=" + created + " " + clean.check() + " " + clean.target() + " " + clean.code()
                            + scopeNote(clean.scope())
                            + " until "
                            + clean.expiresOn() + ": " + clean.reason()));
            return created;
        });
        log.info(
                "{} accepted {} of {} on {} until {}", actor, clean.code(), clean.check(), d.name(), clean.expiresOn());
        return id == null ? 0 : id;
    }

    /** Ends an exception before its expiry; audited. Revoking a revoked one changes nothing. */
    @PreAuthorize(WRITERS)
    public void revokeException(long domainId, long exceptionId) {
        DomainDetails d = writableDomain(domainId);
        AcceptedFinding e = exceptions
                .find(domainId, exceptionId)
                .orElseThrow(() -> new ResultNotFoundException("exception", exceptionId));
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(s -> {
            if (!exceptions.revoke(exceptionId, actor, Instant.now())) {
                return;
            }
            events.publishEvent(AuditableAction.forTeam(
                    actor,
                    d.teamId(),
                    "finding.exception-revoked",
                    "domain:" + d.name(),
                    "exception=" + exceptionId + " " + e.check() + " " + e.target() + " " + e.code()
                            + scopeNote(e.scope())));
        });
    }

    /**
     * A page of results of the domains the user may see (or of one domain), current or as of a point in time.
     *
     * @param domain a domain name (A-label or U-label, case-insensitive, a trailing dot ignored); empty for
     *     every visible domain
     * @throws ResultNotFoundException when the domain is unknown or invisible
     */
    @PreAuthorize("isAuthenticated()")
    public ResultsPage results(Optional<String> domain, Optional<Instant> asOf, int page) {
        Long[] teams = visibleTeams(accounts.currentScope());
        Optional<String> name = domain.filter(d -> !d.isBlank()).map(ResultService::domainName);
        String[] names = name.map(n -> new String[] {n}).orElse(null);
        if (name.isPresent() && !results.anyDomain(teams, names)) {
            throw new ResultNotFoundException("domain " + abbreviate(name.get()) + " not found");
        }
        int p = Math.max(0, page);
        List<ReportedResult> lines = results.page(teams, names, asOf, p * RESULTS_PAGE_SIZE, RESULTS_PAGE_SIZE + 1);
        return new ResultsPage(
                lines.stream().limit(RESULTS_PAGE_SIZE).toList(),
                p,
                RESULTS_PAGE_SIZE,
                lines.size() > RESULTS_PAGE_SIZE,
                asOf);
    }

    /** A domain name as the results API compares it: stripped, without a trailing dot, lower case. */
    private static String domainName(String raw) {
        String n = raw.strip();
        n = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        n = n.toLowerCase(Locale.ROOT);
        if (n.length() > MAX_NAME) {
            throw new ResultValidationException(
                    "domains",
                    "reports.error.domainName",
                    "'" + abbreviate(n) + "' is longer than " + MAX_NAME + " characters");
        }
        return n;
    }

    /** At most 40 characters of a name, for messages. */
    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39).toLowerCase(Locale.ROOT) + "…";
    }

    private AcceptFinding validate(AcceptFinding cmd) {
        String check = trim(cmd.check(), "check", 32);
        String target = trim(cmd.target(), "target", 512);
        String code = trim(cmd.code(), "code", 64);
        if (!KnownFindings.isCheck(check)) {
            throw new ResultValidationException(
                    "check", "scanning.exception.unknownCheck", "'" + check + "' is not a check of Mailward", check);
        }
        if (!KnownFindings.isCode(code)) {
            throw new ResultValidationException(
                    "code", "scanning.exception.unknownCode", "'" + code + "' is not a finding code of Mailward", code);
        }
        String reason = cmd.reason() == null ? "" : cmd.reason().strip();
        if (reason.isEmpty() || reason.length() > 1000) {
            throw new ResultValidationException(
                    "reason", "scanning.exception.reasonRequired", "give a reason of 1 to 1000 characters");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (cmd.expiresOn() == null
                || cmd.expiresOn().isBefore(today)
                || cmd.expiresOn().isAfter(today.plusYears(2))) {
            throw new ResultValidationException(
                    "expiresOn",
                    "scanning.exception.expiry",
                    "the expiry must be between today and two years ahead",
                    today,
                    today.plusYears(2));
        }
        return new AcceptFinding(check, target, code, reason, cmd.expiresOn(), cmd.scope());
    }

    private static String trim(String s, String field, int max) {
        String v = s == null ? "" : s.strip();
        if (v.isEmpty() || v.length() > max) {
            throw new ResultValidationException(field, "scanning.exception.field", "invalid " + field, field);
        }
        return v;
    }

    private DomainDetails writableDomain(long domainId) {
        AccessScope scope = accounts.currentScope();
        DomainDetails d = inventory.domain(domainId);
        if (!scope.canWrite(d.teamId())) {
            throw new AccessDeniedException("role " + scope.role() + " may not scan domain " + domainId);
        }
        return d;
    }

    /** {@code null} for an admin (every team), the memberships otherwise. */
    private static Long[] visibleTeams(AccessScope scope) {
        return scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
    }
}
