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
 * The console's scanning facade: "check now" and "scan now" with progress and cancel. A domain's
 * results, changes and accepted findings are the results module's ({@code results.ResultService}).
 *
 * <p>Scoped like the inventory: a domain or scan of another team is "not found"
 * ({@code InventoryNotFoundException} / {@link ScanNotFoundException}). A scan is a non-admin's only
 * when every domain in it is of the user's teams (an admin's "scan everything" is not); starting and
 * cancelling need {@code ADMIN} or {@code OPERATOR} of the domains' teams ({@link AccessDeniedException}).
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
    /** Rows per page of the scans list. */
    public static final int LIST_PAGE = 50;
    /** The most domains a scan's page lists. */
    public static final int LIST_DOMAINS = 500;

    private static final Logger log = LoggerFactory.getLogger(ScanService.class);
    private static final String WRITERS = "hasAnyRole('ADMIN','OPERATOR')";

    private final InventoryService inventory;
    private final Accounts accounts;
    private final DomainDirectory directory;
    private final ScanRunStore runs;
    private final ScanScheduler scheduler;
    private final ScheduleStore schedules;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ScanService(
            InventoryService inventory,
            Accounts accounts,
            DomainDirectory directory,
            ScanRunStore runs,
            ScanScheduler scheduler,
            ScheduleStore schedules,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.inventory = inventory;
        this.accounts = accounts;
        this.directory = directory;
        this.runs = runs;
        this.scheduler = scheduler;
        this.schedules = schedules;
        this.tx = tx;
        this.events = events;
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
                    throw new ScanValidationException(
                            "domainIds",
                            "scanning.scan.tooManyDomains",
                            ids.size() + " domains named; at most " + MAX_SELECTED
                                    + " are accepted (scan a tag, a team or everything instead)",
                            ids.size(),
                            MAX_SELECTED);
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
                        throw new ScanValidationException(
                                "domainIds", "scanning.scan.unknownDomain", "domain " + id + " not found", id);
                    }
                }
                yield start(
                        ok.size() == 1
                                ? "domain:" + inventory.domain(ok.getFirst()).name()
                                : ok.size() + " domains",
                        List.copyOf(new LinkedHashSet<>(ok)));
            }
            case ScanSelection.Tag(String tag) -> {
                String t = tag == null ? "" : tag.strip().toLowerCase(java.util.Locale.ROOT);
                if (t.isEmpty() || t.length() > 64) {
                    throw new ScanValidationException("tag", "scanning.scan.noTag", "choose a tag");
                }
                yield start("tag:" + t, nonEmpty(directory.ids(teams, Optional.of(t), MAX_SCAN)));
            }
            case ScanSelection.Team(long teamId) -> {
                String name = accounts.team(teamId)
                        .filter(t -> scope.canSee(t.id()))
                        .map(t -> t.name())
                        .orElseThrow(() -> new ScanValidationException(
                                "teamId", "scanning.scan.unknownTeam", "unknown team " + teamId, teamId));
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

    /** What a scan found so far (domains scanned, worse, better, with measurement errors); scoped as {@link #progress}. */
    @PreAuthorize("isAuthenticated()")
    public ScanSummary summary(long scanRunId) {
        progress(scanRunId);
        return runs.summary(scanRunId);
    }

    /**
     * The domains of a scan with what each one's scan found (at most {@link #LIST_DOMAINS}), by name; scoped as
     * {@link #progress}.
     *
     * @param errorsOnly only those with measurement errors
     */
    @PreAuthorize("isAuthenticated()")
    public List<ScanSummary.Domain> domains(long scanRunId, boolean errorsOnly) {
        progress(scanRunId);
        return runs.domains(scanRunId, errorsOnly, LIST_DOMAINS);
    }

    /** The next scheduled checks of the domains the user may see, soonest first (at most {@code limit}). */
    @PreAuthorize("isAuthenticated()")
    public List<ScheduledScan> upcoming(int limit) {
        AccessScope scope = accounts.currentScope();
        return schedules.upcoming(scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new), limit);
    }

    /** How many of the domains the user may see have a schedule. */
    @PreAuthorize("isAuthenticated()")
    public long scheduledDomains() {
        AccessScope scope = accounts.currentScope();
        return schedules.scheduled(scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new));
    }

    /** The newest scans the user may see (at most 20). */
    @PreAuthorize("isAuthenticated()")
    public List<ScanProgress> recentScans() {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        return runs.recent(teams, 20).stream()
                .flatMap(id -> runs.progress(id).stream())
                .toList();
    }

    /** A page of the scans the user may see (every domain of each in the user's teams), newest first. */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ScanProgress> scans(int page) {
        AccessScope scope = accounts.currentScope();
        Long[] teams = scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
        int p = Math.max(0, Math.min(page, 100_000));
        List<ScanProgress> items = runs.page(teams, p * LIST_PAGE, LIST_PAGE).stream()
                .flatMap(id -> runs.progress(id).stream())
                .toList();
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
            boolean first =
                    runs.progress(scanRunId).flatMap(ScanProgress::cancelledAt).isEmpty();
            List<Long> waiting = runs.cancel(scanRunId, actor, Instant.now());
            if (first) {
                audit(actor, "scan.cancelled", scanRunId, "left out=" + waiting.size());
            }
            return waiting;
        });
        log.info("Scan {} cancelled by {}; {} domains left out", scanRunId, actor, left == null ? 0 : left.size());
        return progress(scanRunId);
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
            events.publishEvent(AuditableAction.forTeam(
                    actor, team.getKey(), action, "scan:" + runId, detail + " team domains=" + team.getValue()));
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
